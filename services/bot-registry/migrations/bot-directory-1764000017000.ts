import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry becomes the bot directory of white-label bots: who owns a bot, whether it is served, its
 * modules and branding, and its token sealed (AES-256-GCM, services/platform/token-cipher.ts) with the id of
 * the key that sealed it. A migration has no key, so a token stored in clear before this one is sealed by
 * the first process that starts with TOKEN_ENCRYPTION_KEY (bot-store.ts sealLegacyTokens) and the clear
 * column is emptied then. */
export class BotDirectory1764000017000 implements MigrationInterface {
  name = 'BotDirectory1764000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bot_registry.bots
        ADD COLUMN token_sealed   text,
        ADD COLUMN token_key_id   text,
        ADD COLUMN owner_id       bigint,
        ADD COLUMN status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'removed')),
        ADD COLUMN status_reason  text,
        ADD COLUMN status_at      timestamptz,
        ADD COLUMN modules        text[] NOT NULL DEFAULT '{raids}',
        ADD COLUMN branding       jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE bot_registry.bots DROP CONSTRAINT IF EXISTS bots_check`);
    // The main bot's token lives in its configuration; an added bot's in one of the two columns unless it was
    // removed (its token wiped, its row kept for what the history names).
    await q.query(`
      ALTER TABLE bot_registry.bots ADD CONSTRAINT bots_token_where CHECK (
        CASE WHEN source = 'config' THEN token IS NULL AND token_sealed IS NULL
             WHEN status = 'removed' THEN token IS NULL AND token_sealed IS NULL
             ELSE (token IS NOT NULL) <> (token_sealed IS NOT NULL) END)`);
    await q.query(`ALTER TABLE bot_registry.bots ADD CONSTRAINT bots_sealed_has_key CHECK ((token_sealed IS NULL) = (token_key_id IS NULL))`);
    await q.query(`CREATE INDEX bots_by_owner ON bot_registry.bots (owner_id) WHERE owner_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX bot_registry.bots_by_owner`);
    await q.query(`ALTER TABLE bot_registry.bots DROP CONSTRAINT bots_sealed_has_key, DROP CONSTRAINT bots_token_where`);
    await q.query(`ALTER TABLE bot_registry.bots DROP COLUMN token_sealed, DROP COLUMN token_key_id, DROP COLUMN owner_id, DROP COLUMN status, DROP COLUMN status_reason, DROP COLUMN status_at, DROP COLUMN modules, DROP COLUMN branding`);
  }
}
