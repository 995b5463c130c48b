import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1764000001000 implements MigrationInterface {
  name = 'CreateUsers1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS users`);
    await q.query(`
      CREATE TABLE users.users (
        telegram_id    bigint PRIMARY KEY,
        username       text,
        first_name     text NOT NULL,
        last_name      text,
        language_code  text,
        is_premium     boolean NOT NULL DEFAULT false,
        first_bot_id   bigint,
        created_at     timestamptz NOT NULL DEFAULT now(),
        last_seen_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_username_idx ON users.users (lower(username)) WHERE username IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA users CASCADE`);
  }
}
