import type { MigrationInterface, QueryRunner } from 'typeorm';

// One row per linked pair. Both sides are unique: an X account proves one member's identity, so it may not
// be shared, and a member has one X identity at a time (re-linking replaces the row; the history keeps the
// old pair). The row references the member so a link can never point at someone we never saw.
export class CreateXAccounts1764000001100 implements MigrationInterface {
  name = 'CreateXAccounts1764000001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users.x_accounts (
        telegram_id  bigint NOT NULL UNIQUE REFERENCES users.users (telegram_id),
        x_user_id    text NOT NULL UNIQUE,
        x_username   text NOT NULL,
        method       text NOT NULL CHECK (method IN ('oauth', 'bio')),
        linked_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX x_accounts_username_idx ON users.x_accounts (lower(x_username))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.x_accounts`);
  }
}
