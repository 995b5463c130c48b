// The KOL ranking of a group over a period (/kols, the weekly digest, the Mini App): each KOL's posts that
// mentioned the project in the period, summed. Reposts and quotes carry a post to new audiences, so they
// weigh twice a like or a reply; impressions, where X gives them, add a little (a hundred views weigh a like).
import type { Tx } from '../../platform/database.js';
import type { ChatId } from '../../platform/telegram-ids.js';
import type { KolStanding } from '../messages.js';

export interface Engagement {
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  impressions: number | null;
}

export const score = (e: Engagement): number => e.likes + 2 * e.reposts + 2 * e.quotes + e.replies + (e.impressions ?? 0) / 100;

/** Best first: score, then more mentions, then the handle (any case) so the order never depends on the plan. */
export function compareStandings(a: KolStanding, b: KolStanding): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.mentions !== b.mentions) return b.mentions - a.mentions;
  const [x, y] = [a.username.toLowerCase(), b.username.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The same weighting in SQL, for picking each KOL's best post. */
const POST_SCORE = `(p.likes + 2 * p.reposts + 2 * p.quotes + p.replies + coalesce(p.impressions, 0) / 100.0)`;

/**
 * The group's current KOLs with a post in [since, until) (by when it was posted), best first. A KOL removed
 * from the list leaves the ranking; one without a mention in the period is not in it.
 */
export async function rankingRows(tx: Tx, chatId: ChatId, since: Date, until: Date): Promise<Array<KolStanding & { xUserId: string }>> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT k.x_user_id, k.username, k.name, count(*)::int AS mentions,
            sum(p.likes)::bigint AS likes, sum(p.reposts)::bigint AS reposts, sum(p.replies)::bigint AS replies,
            sum(p.quotes)::bigint AS quotes, sum(p.impressions)::bigint AS impressions,
            (array_agg(p.url ORDER BY ${POST_SCORE} DESC, p.created_at, p.post_id))[1] AS best_url
       FROM feeds.kols k
       JOIN feeds.kol_mentions m ON m.chat_id = k.chat_id
       JOIN feeds.kol_posts p ON p.post_id = m.post_id AND p.x_user_id = k.x_user_id
      WHERE k.chat_id = $1 AND p.created_at >= $2 AND p.created_at < $3
      GROUP BY k.x_user_id, k.username, k.name`,
    [chatId, since, until],
  );
  return rows.map((r) => {
    const e: Engagement = {
      likes: Number(r.likes), reposts: Number(r.reposts), replies: Number(r.replies), quotes: Number(r.quotes),
      impressions: r.impressions === null ? null : Number(r.impressions),
    };
    return { xUserId: r.x_user_id as string, username: r.username as string, name: r.name as string, mentions: r.mentions as number, ...e, score: score(e), bestPostUrl: (r.best_url as string | null) ?? null };
  }).sort(compareStandings);
}
