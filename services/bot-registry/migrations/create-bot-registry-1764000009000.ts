import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The bots this deployment serves: the main bot (its row refreshed from config at every start) and the
 * bots added later (white-label). `me` is Telegram's own getMe answer, asked once when the row is written,
 * so webhook handling never guesses it nor asks again. */
export class CreateBotRegistry1764000009000 implements MigrationInterface {
  name = 'CreateBotRegistry1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS bot_registry`);
    // The main bot's token and secret stay in the environment (every process has them): its row holds
    // none. An added bot's token is stored as given for now; the white-label issue encrypts it at rest.
    await q.query(`
      CREATE TABLE bot_registry.bots (
        id              bigint PRIMARY KEY,
        token           text,
        api_root        text NOT NULL,
        webhook_secret  text,
        update_epoch    text,
        me              jsonb NOT NULL,
        source          text NOT NULL CHECK (source IN ('config', 'added')),
        added_at        timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((source = 'config') = (token IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA bot_registry CASCADE`);
  }
}
