import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAnalytics1764000008000 implements MigrationInterface {
  name = 'CreateAnalytics1764000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS analytics`);
    // Messages per member, group and UTC day. Counted in Redis on the hot path and added here by the flush.
    await q.query(`
      CREATE TABLE analytics.message_activity (
        chat_id   bigint NOT NULL,
        user_id   bigint NOT NULL,
        day       date NOT NULL,
        messages  integer NOT NULL CHECK (messages >= 0),
        PRIMARY KEY (chat_id, user_id, day)
      )`);
    // Weekly boards read one group's recent days; INCLUDE lets them do so from the index alone.
    await q.query(`CREATE INDEX message_activity_chat_day_idx ON analytics.message_activity (chat_id, day) INCLUDE (user_id, messages)`);
    // The last flush batch applied per group and day: a batch left in Redis by a crash after the commit is
    // recognised and not added twice. Only recent days matter (Redis keys expire), so old rows are pruned.
    await q.query(`
      CREATE TABLE analytics.activity_flushes (
        chat_id     bigint NOT NULL,
        day         date NOT NULL,
        batch       text NOT NULL,
        flushed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chat_id, day)
      )`);
    await q.query(`CREATE INDEX activity_flushes_day_idx ON analytics.activity_flushes (day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA analytics CASCADE`);
  }
}
