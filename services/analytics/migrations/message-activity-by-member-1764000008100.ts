import type { MigrationInterface, QueryRunner } from 'typeorm';

// "Which groups has this member written in" (the Mini App's list of my groups) reads one member's rows
// across every group; the primary key leads with the group, so that read needs its own index.
export class MessageActivityByMember1764000008100 implements MigrationInterface {
  name = 'MessageActivityByMember1764000008100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX message_activity_user_idx ON analytics.message_activity (user_id, chat_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX analytics.message_activity_user_idx`);
  }
}
