import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A launch that locked the chat and then failed gives the permissions back at once; when Telegram refuses
 * that too, the chat would stay read-only with no raid row to find it by. This table is that record: the
 * sweeper retries each open row until the permissions are back or Telegram refuses for good. */
export class RaidRestores1764000006200 implements MigrationInterface {
  name = 'RaidRestores1764000006200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE raids.restores (
        id           bigserial PRIMARY KEY,
        bot_id       bigint NOT NULL,
        chat_id      bigint NOT NULL,
        raid_id      bigint NOT NULL,
        permissions  jsonb NOT NULL,
        error        text NOT NULL,
        attempts     int NOT NULL DEFAULT 1,
        failed_at    timestamptz NOT NULL DEFAULT now(),
        restored_at  timestamptz,
        given_up_at  timestamptz
      )`);
    await q.query(`CREATE INDEX restores_open_idx ON raids.restores (chat_id) WHERE restored_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE raids.restores`);
  }
}
