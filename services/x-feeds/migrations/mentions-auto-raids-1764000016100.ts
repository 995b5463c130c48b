import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live mentions and auto-raids (schema `feeds`):
 * - mention_terms: a group's terms (`$war`, `#warhorn`, `@warhornapp`, `warhorn`, `"raid now"`), in their query
 *   form. KOL tracking reads them too: they are how the group names its project.
 * - mention_queries: the shared recent-search queries all groups' terms are packed into (as few as X's query
 *   length allows), each with its since_id cursor, committed with the relays it caused.
 * - mention_caps: per group, the rate cap's window state (relayed count, what was held back), small JSON.
 * - auto_raids: a group's own X account whose new posts open raids, with the raid's targets and since when.
 * - auto_raid_posts: posts waiting for (or given) their raid; one row per group and post.
 */
export class MentionsAutoRaids1764000016100 implements MigrationInterface {
  name = 'MentionsAutoRaids1764000016100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feeds.mention_terms (
        chat_id    bigint NOT NULL,
        term       text NOT NULL,
        kind       text NOT NULL CHECK (kind IN ('cashtag', 'hashtag', 'mention', 'keyword', 'phrase')),
        label      text NOT NULL,
        bot_id     bigint NOT NULL,
        created_by bigint NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (chat_id, term)
      )`);
    await q.query(`CREATE INDEX mention_terms_term ON feeds.mention_terms (term)`);
    await q.query(`
      CREATE TABLE feeds.mention_queries (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        terms        text[] NOT NULL,
        cursor_id    text,
        started_at   timestamptz NOT NULL,
        interval_ms  integer NOT NULL CHECK (interval_ms > 0),
        next_poll_at timestamptz NOT NULL,
        lease_until  timestamptz
      )`);
    await q.query(`
      CREATE TABLE feeds.mention_caps (
        chat_id bigint PRIMARY KEY,
        state   jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE feeds.auto_raids (
        chat_id          bigint PRIMARY KEY,
        bot_id           bigint NOT NULL,
        x_user_id        text NOT NULL REFERENCES feeds.accounts (x_user_id),
        replies          boolean NOT NULL,
        on_newer         text NOT NULL CHECK (on_newer IN ('wait', 'replace')),
        targets          jsonb NOT NULL,
        duration_minutes integer NOT NULL,
        lock             boolean NOT NULL,
        enabled_by       bigint NOT NULL,
        enabled_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX auto_raids_account ON feeds.auto_raids (x_user_id)`);
    await q.query(`
      CREATE TABLE feeds.auto_raid_posts (
        chat_id    bigint NOT NULL,
        post_id    text NOT NULL,
        status     text NOT NULL CHECK (status IN ('pending', 'launched', 'replaced', 'skipped')),
        raid_id    bigint,
        note       text,
        queued_at  timestamptz NOT NULL,
        decided_at timestamptz,
        PRIMARY KEY (chat_id, post_id)
      )`);
    await q.query(`CREATE INDEX auto_raid_posts_pending ON feeds.auto_raid_posts (chat_id, post_id) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['auto_raid_posts', 'auto_raids', 'mention_caps', 'mention_queries', 'mention_terms']) await q.query(`DROP TABLE feeds.${t}`);
  }
}
