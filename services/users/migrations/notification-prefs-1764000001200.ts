import type { MigrationInterface, QueryRunner } from 'typeorm';

// Which events a member wants in private, as they chose them in the Mini App. NULL until they choose:
// the defaults live in code (notification-prefs.ts), so changing a default reaches everyone who never chose.
export class NotificationPrefs1764000001200 implements MigrationInterface {
  name = 'NotificationPrefs1764000001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users.users ADD COLUMN notification_prefs jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users.users DROP COLUMN notification_prefs`);
  }
}
