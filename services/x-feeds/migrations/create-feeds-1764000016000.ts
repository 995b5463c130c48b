import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * X feeds (schema `feeds`):
 * - accounts: one row per X account anything follows, however many groups do: its since_id cursor (the newest
 *   post read), when it is polled next and how often (adaptive), and a lease so one worker polls it at a time.
 *   The cursor is written in the transaction that queues the forwards it caused, so a crash or a second worker
 *   neither forwards a post twice nor skips one.
 * - follows: a group following an account, with whether it wants replies and reposts, and since when (a post
 *   older than the follow is never forwarded).
 * - group_spend: what each group's share of X reads cost per UTC day (X bills per day), against its cap.
 * - cap_notices: one "paused by the cap" message per group (or the deployment, chat 0) and day.
 */
export class CreateFeeds1764000016000 implements MigrationInterface {
  name = 'CreateFeeds1764000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS feeds`);
    await q.query(`
      CREATE TABLE feeds.accounts (
        x_user_id         text PRIMARY KEY,
        username          text NOT NULL,
        name              text NOT NULL DEFAULT '',
        cursor_id         text,
        interval_ms       integer NOT NULL CHECK (interval_ms > 0),
        next_poll_at      timestamptz NOT NULL,
        lease_until       timestamptz,
        last_polled_at    timestamptz,
        last_post_at      timestamptz,
        unavailable_since timestamptz,
        created_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX accounts_due ON feeds.accounts (next_poll_at)`);
    await q.query(`CREATE INDEX accounts_username ON feeds.accounts (lower(username))`);
    await q.query(`
      CREATE TABLE feeds.follows (
        chat_id    bigint NOT NULL,
        x_user_id  text NOT NULL REFERENCES feeds.accounts (x_user_id),
        bot_id     bigint NOT NULL,
        replies    boolean NOT NULL,
        reposts    boolean NOT NULL,
        created_by bigint NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (chat_id, x_user_id)
      )`);
    await q.query(`CREATE INDEX follows_account ON feeds.follows (x_user_id)`);
    await q.query(`
      CREATE TABLE feeds.group_spend (
        chat_id     bigint NOT NULL,
        day         date NOT NULL,
        cost_micros bigint NOT NULL DEFAULT 0 CHECK (cost_micros >= 0),
        PRIMARY KEY (chat_id, day)
      )`);
    await q.query(`
      CREATE TABLE feeds.cap_notices (
        chat_id bigint NOT NULL,
        day     date NOT NULL,
        scope   text NOT NULL CHECK (scope IN ('group', 'deployment')),
        at      timestamptz NOT NULL,
        PRIMARY KEY (chat_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA feeds CASCADE`);
  }
}
