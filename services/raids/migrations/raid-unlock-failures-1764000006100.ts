import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An unlock Telegram refuses for good (the bot lost its rights) is recorded instead of retried for ever. */
export class RaidUnlockFailures1764000006100 implements MigrationInterface {
  name = 'RaidUnlockFailures1764000006100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE raids.raids ADD COLUMN unlock_failed_at timestamptz, ADD COLUMN unlock_error text`);
    // The sweeper looks for raids left behind: overdue, still locked, or waiting for validation.
    await q.query(`CREATE INDEX raids_unfinished_idx ON raids.raids (status, ends_at) WHERE status <> 'validated'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX raids.raids_unfinished_idx`);
    await q.query(`ALTER TABLE raids.raids DROP COLUMN unlock_failed_at, DROP COLUMN unlock_error`);
  }
}
