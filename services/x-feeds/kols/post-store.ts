// SQL of the KOL posts: recording them (once however many groups they mention), which group each mentioned,
// and their engagement figures, re-read for a few days with a snapshot at each read. One statement each.
import type { Tx } from '../../platform/database.js';
import { chatId as toChatId, type ChatId } from '../../platform/telegram-ids.js';
import type { XPost } from '../../x/index.js';

export interface Figures {
  postId: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** Null when X gave none. */
  impressions: number | null;
}

/** X answers 0 impressions for a post it does not count them for (or does not show them): with a KOL's
 * reach a real 0 does not happen, so 0 is read as "not given", which the ranking then leaves out. */
export const figuresOf = (p: XPost): Figures => ({
  postId: p.id,
  likes: p.metrics.likes,
  reposts: p.metrics.reposts,
  replies: p.metrics.replies,
  quotes: p.metrics.quotes,
  impressions: p.metrics.impressions > 0 ? p.metrics.impressions : null,
});

export interface NewPost extends Figures {
  xUserId: string;
  createdAt: Date;
  text: string;
  url: string;
  refreshUntil: Date;
}

const cols = (rows: readonly Figures[]) => [
  rows.map((r) => r.postId), rows.map((r) => r.likes), rows.map((r) => r.reposts), rows.map((r) => r.replies), rows.map((r) => r.quotes), rows.map((r) => r.impressions),
];

/** Records the posts not recorded yet (another query, or another group's, may have); their ids. */
export async function insertPosts(tx: Tx, posts: readonly NewPost[], now: Date): Promise<string[]> {
  if (!posts.length) return [];
  const rows: Array<{ post_id: string }> = await tx.query(
    `INSERT INTO feeds.kol_posts (post_id, likes, reposts, replies, quotes, impressions, x_user_id, created_at, text, url, refresh_until, first_seen_at, refreshed_at)
     SELECT p.*, $12, $12 FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::bigint[], $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::timestamptz[])
         AS p(post_id, likes, reposts, replies, quotes, impressions, x_user_id, created_at, text, url, refresh_until)
     ON CONFLICT (post_id) DO NOTHING RETURNING post_id`,
    [...cols(posts), posts.map((p) => p.xUserId), posts.map((p) => p.createdAt), posts.map((p) => p.text), posts.map((p) => p.url), posts.map((p) => p.refreshUntil), now],
  );
  return rows.map((r) => r.post_id);
}

/** The figures as read at `at`: the chart's points. */
export async function insertSnapshots(tx: Tx, figures: readonly Figures[], at: Date): Promise<void> {
  if (!figures.length) return;
  await tx.query(
    `INSERT INTO feeds.kol_post_metrics (post_id, likes, reposts, replies, quotes, impressions, at)
     SELECT p.*, $7 FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::bigint[]) AS p(post_id, likes, reposts, replies, quotes, impressions)
     ON CONFLICT (post_id, at) DO NOTHING`,
    [...cols(figures), at],
  );
}

/**
 * Ties the posts to the groups among `chatIds` that track their author, and tracked it when it posted (a
 * post from before a KOL was added is never counted). Checked against the lists as they are at commit, so
 * a KOL removed while X was being read counts for nobody. Returns the new ties only.
 */
export async function insertMentions(
  tx: Tx, chatIds: readonly ChatId[], posts: ReadonlyArray<{ id: string; xUserId: string; createdAt: Date }>, now: Date,
): Promise<Array<{ chatId: ChatId; postId: string; xUserId: string }>> {
  if (!posts.length || !chatIds.length) return [];
  const rows: Array<{ chat_id: string; post_id: string; x_user_id: string }> = await tx.query(
    `WITH tied AS (
       INSERT INTO feeds.kol_mentions (chat_id, post_id, recorded_at)
       SELECT k.chat_id, p.id, $5
         FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS p(id, author, created_at)
         JOIN feeds.kols k ON k.x_user_id = p.author AND k.chat_id = ANY($1::bigint[]) AND k.added_at <= p.created_at
        ORDER BY k.chat_id, p.id
       ON CONFLICT (chat_id, post_id) DO NOTHING
       RETURNING chat_id, post_id)
     SELECT t.chat_id, t.post_id, p.x_user_id FROM tied t JOIN feeds.kol_posts p USING (post_id) ORDER BY t.chat_id, t.post_id`,
    [chatIds, posts.map((p) => p.id), posts.map((p) => p.xUserId), posts.map((p) => p.createdAt), now],
  );
  return rows.map((r) => ({ chatId: toChatId(r.chat_id), postId: r.post_id, xUserId: r.x_user_id }));
}

/** Leases up to `limit` posts due for a re-read: still within their refresh window, not read since `stale`,
 * not gone. A worker that dies mid-refresh leaves them due again when the lease ends. */
export async function claimRefresh(tx: Tx, now: Date, stale: Date, leaseUntil: Date, limit: number): Promise<string[]> {
  const rows: Array<{ post_id: string }> = await tx.query(
    `WITH claimed AS (
       UPDATE feeds.kol_posts p SET lease_until = $3
         FROM (SELECT post_id FROM feeds.kol_posts c
                WHERE c.gone_at IS NULL AND c.refresh_until > $1 AND c.refreshed_at <= $2
                  AND (c.lease_until IS NULL OR c.lease_until <= $1)
                ORDER BY c.refreshed_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
        WHERE p.post_id = due.post_id
        RETURNING p.post_id)
     SELECT * FROM claimed`,
    [now, stale, leaseUntil, limit],
  );
  return rows.map((r) => r.post_id);
}

export async function updateFigures(tx: Tx, figures: readonly Figures[], now: Date): Promise<void> {
  if (!figures.length) return;
  await tx.query(
    `UPDATE feeds.kol_posts k SET likes = p.likes, reposts = p.reposts, replies = p.replies, quotes = p.quotes,
            impressions = coalesce(p.impressions, k.impressions), refreshed_at = $7, lease_until = NULL
       FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::bigint[]) AS p(post_id, likes, reposts, replies, quotes, impressions)
      WHERE k.post_id = p.post_id`,
    [...cols(figures), now],
  );
}

/** X no longer returns these (deleted, or the author went protected): their last figures stay, no more reads. */
export async function markGone(tx: Tx, postIds: readonly string[], now: Date): Promise<void> {
  if (!postIds.length) return;
  await tx.query(`UPDATE feeds.kol_posts SET gone_at = $2, lease_until = NULL WHERE post_id = ANY($1::text[])`, [postIds, now]);
}
