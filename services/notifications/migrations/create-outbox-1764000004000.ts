import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutbox1764000004000 implements MigrationInterface {
  name = 'CreateOutbox1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS notifications`);
    await q.query(`
      CREATE TABLE notifications.outbox (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        bot_id          bigint NOT NULL,
        chat_id         bigint NOT NULL,
        method          text NOT NULL,
        payload         jsonb NOT NULL,
        dedupe_key      text,
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        result          jsonb,
        migrated_from   bigint,
        created_at      timestamptz NOT NULL DEFAULT now(),
        -- When the dispatcher last handed the row to BullMQ; a pending row older than the lease is handed again.
        enqueued_at     timestamptz,
        -- Not before this time (backoff after a 5xx, retry_after after a 429).
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz,
        CHECK ((state = 'pending') = (finished_at IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX outbox_dedupe ON notifications.outbox (bot_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
    // The dispatcher only ever looks at pending rows; finished rows stay out of this index.
    await q.query(`
      CREATE INDEX outbox_pending ON notifications.outbox (next_attempt_at, id) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.outbox`);
    await q.query(`DROP SCHEMA IF EXISTS notifications`);
  }
}
