import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KOL tracking (schema `feeds`):
 * - kols: a group's influencer accounts, since when (a post from before a KOL was added is never recorded).
 * - kol_queries: the recent searches the groups' KOLs and terms are packed into (`(from:ID OR ...) (terms)
 *   -is:retweet`, within X's 512 characters), one row per distinct query text however many groups share it
 *   (`chat_ids`), with its since_id cursor, committed with the posts it recorded. `start_time` is where the
 *   first read begins: where the queries it replaced had read up to, so changing a list neither skips nor
 *   re-reads much.
 * - kol_posts: one row per post however many groups it mentioned, with its latest engagement figures,
 *   re-read until `refresh_until` (a few days after posting); `gone_at`: X stopped returning it (deleted,
 *   protected), the last figures stay.
 * - kol_mentions: which group's project the post mentioned (the group's KOL, the group's terms).
 * - kol_post_metrics: the figures at each read, for the Mini App's chart of engagement over time.
 * - kol_digests: one weekly digest per group and ISO week, claimed before it is queued (`outbox_id` is set in
 *   the same transaction), with the outbox's dedupe key as a second guard.
 */
export class Kols1764000016200 implements MigrationInterface {
  name = 'Kols1764000016200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feeds.kols (
        chat_id   bigint NOT NULL,
        x_user_id text NOT NULL,
        username  text NOT NULL,
        name      text NOT NULL DEFAULT '',
        added_by  bigint NOT NULL,
        added_at  timestamptz NOT NULL,
        PRIMARY KEY (chat_id, x_user_id)
      )`);
    await q.query(`CREATE INDEX kols_account ON feeds.kols (x_user_id)`);
    await q.query(`CREATE INDEX kols_username ON feeds.kols (lower(username))`);
    await q.query(`
      CREATE TABLE feeds.kol_queries (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        query          text NOT NULL UNIQUE CHECK (length(query) <= 512),
        kol_ids        text[] NOT NULL,
        terms          text[] NOT NULL,
        chat_ids       bigint[] NOT NULL,
        cursor_id      text,
        start_time     timestamptz NOT NULL,
        interval_ms    integer NOT NULL CHECK (interval_ms > 0),
        next_search_at timestamptz NOT NULL,
        lease_until    timestamptz,
        last_read_at   timestamptz,
        created_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX kol_queries_due ON feeds.kol_queries (next_search_at)`);
    await q.query(`
      CREATE TABLE feeds.kol_posts (
        post_id       text PRIMARY KEY,
        x_user_id     text NOT NULL,
        created_at    timestamptz NOT NULL,
        text          text NOT NULL,
        url           text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        refreshed_at  timestamptz NOT NULL,
        refresh_until timestamptz NOT NULL,
        lease_until   timestamptz,
        gone_at       timestamptz,
        likes         integer NOT NULL CHECK (likes >= 0),
        reposts       integer NOT NULL CHECK (reposts >= 0),
        replies       integer NOT NULL CHECK (replies >= 0),
        quotes        integer NOT NULL CHECK (quotes >= 0),
        impressions   bigint CHECK (impressions >= 0)
      )`);
    await q.query(`CREATE INDEX kol_posts_refresh ON feeds.kol_posts (refreshed_at) WHERE gone_at IS NULL`);
    await q.query(`CREATE INDEX kol_posts_author ON feeds.kol_posts (x_user_id, created_at)`);
    await q.query(`
      CREATE TABLE feeds.kol_mentions (
        chat_id     bigint NOT NULL,
        post_id     text NOT NULL REFERENCES feeds.kol_posts (post_id),
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (chat_id, post_id)
      )`);
    await q.query(`
      CREATE TABLE feeds.kol_post_metrics (
        post_id     text NOT NULL REFERENCES feeds.kol_posts (post_id),
        at          timestamptz NOT NULL,
        likes       integer NOT NULL,
        reposts     integer NOT NULL,
        replies     integer NOT NULL,
        quotes      integer NOT NULL,
        impressions bigint,
        PRIMARY KEY (post_id, at)
      )`);
    await q.query(`
      CREATE TABLE feeds.kol_digests (
        chat_id   bigint NOT NULL,
        week      text NOT NULL,
        sent_at   timestamptz NOT NULL,
        outbox_id bigint,
        PRIMARY KEY (chat_id, week)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['kol_digests', 'kol_post_metrics', 'kol_mentions', 'kol_posts', 'kol_queries', 'kols']) await q.query(`DROP TABLE feeds.${t}`);
  }
}
