// The Mini App's KOL view: every KOL of the group with its totals over the last days (as /kols ranks them)
// and a daily series for the chart. Each day shows the mentions posted that day and the engagement gained
// that day across the KOL's posts, from the snapshots of each refresh: the curve shows when attention came,
// not only when the posts were made.
import type { Tx } from '../../platform/database.js';
import type { ChatId } from '../../platform/telegram-ids.js';
import type { KolStanding } from '../messages.js';
import { listKols } from './kol-store.js';
import { rankingRows } from './ranking.js';

export interface KolDay {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  mentions: number;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** Null when X gave no impressions for any of the KOL's posts in the period. */
  impressions: number | null;
}

export interface KolChart {
  xUserId: string;
  username: string;
  name: string;
  addedAt: Date;
  /** Over the posts made in the period (the ranking's figures), and the KOL's place in it (null: no mention). */
  totals: Omit<KolStanding, 'username' | 'name'>;
  rank: number | null;
  series: KolDay[];
}

const DAY_MS = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The period's UTC days, oldest first, ending with the day of `now`. */
export function chartDays(now: Date, days: number): { since: Date; days: string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  return { since, days: Array.from({ length: days }, (_, i) => dayOf(new Date(since.getTime() + i * DAY_MS))) };
}

async function dailyRows(tx: Tx, chatId: ChatId, since: Date, until: Date): Promise<Array<Record<string, unknown>>> {
  return tx.query(
    `WITH posts AS (
       SELECT p.post_id, p.x_user_id, p.created_at FROM feeds.kol_mentions m
         JOIN feeds.kol_posts p USING (post_id)
         JOIN feeds.kols k ON k.chat_id = m.chat_id AND k.x_user_id = p.x_user_id
        WHERE m.chat_id = $1 AND greatest(p.refresh_until, p.first_seen_at) >= $2 AND p.created_at < $3),
     steps AS (
       SELECT posts.x_user_id, s.at,
              s.likes - coalesce(lag(s.likes) OVER w, 0) AS likes, s.reposts - coalesce(lag(s.reposts) OVER w, 0) AS reposts,
              s.replies - coalesce(lag(s.replies) OVER w, 0) AS replies, s.quotes - coalesce(lag(s.quotes) OVER w, 0) AS quotes,
              coalesce(s.impressions, 0) - coalesce(lag(s.impressions) OVER w, 0) AS impressions, s.impressions IS NOT NULL AS known
         FROM posts JOIN feeds.kol_post_metrics s USING (post_id)
       WINDOW w AS (PARTITION BY s.post_id ORDER BY s.at)),
     gains AS (
       SELECT x_user_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(likes) AS likes, sum(reposts) AS reposts,
              sum(replies) AS replies, sum(quotes) AS quotes, sum(impressions) AS impressions, bool_or(known) AS known
         FROM steps WHERE at >= $2 AND at < $3 GROUP BY 1, 2),
     posted AS (
       SELECT x_user_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS mentions
         FROM posts WHERE created_at >= $2 GROUP BY 1, 2)
     SELECT coalesce(g.x_user_id, c.x_user_id) AS x_user_id, coalesce(g.day, c.day) AS day, coalesce(c.mentions, 0)::int AS mentions,
            coalesce(g.likes, 0)::bigint AS likes, coalesce(g.reposts, 0)::bigint AS reposts, coalesce(g.replies, 0)::bigint AS replies,
            coalesce(g.quotes, 0)::bigint AS quotes, coalesce(g.impressions, 0)::bigint AS impressions, coalesce(g.known, false) AS known
       FROM gains g FULL JOIN posted c ON c.x_user_id = g.x_user_id AND c.day = g.day`,
    [chatId, since, until],
  );
}

export async function kolChart(tx: Tx, chatId: ChatId, now: Date, days: number): Promise<KolChart[]> {
  const { since, days: labels } = chartDays(now, days);
  const [kols, standings, daily] = await Promise.all([listKols(tx, chatId), rankingRows(tx, chatId, since, now), dailyRows(tx, chatId, since, now)]);
  const byKol = new Map<string, Map<string, Record<string, unknown>>>();
  for (const r of daily) {
    const id = r.x_user_id as string;
    byKol.set(id, (byKol.get(id) ?? new Map()).set(r.day as string, r));
  }
  const rank = new Map(standings.map((s, i) => [s.xUserId, { standing: s, rank: i + 1 }] as const));
  const charts = kols.map((k): KolChart => {
    const placed = rank.get(k.xUserId);
    const rows = byKol.get(k.xUserId) ?? new Map();
    const known = placed?.standing.impressions != null || [...rows.values()].some((r) => r.known);
    const series = labels.map((day): KolDay => {
      const r = rows.get(day);
      const n = (key: string) => (r ? Number(r[key]) : 0);
      return { day, mentions: n('mentions'), likes: n('likes'), reposts: n('reposts'), replies: n('replies'), quotes: n('quotes'), impressions: known ? n('impressions') : null };
    });
    const { xUserId: _id, username: _u, name: _n, ...totals } = placed?.standing ?? { xUserId: '', username: '', name: '', mentions: 0, likes: 0, reposts: 0, replies: 0, quotes: 0, impressions: null, score: 0, bestPostUrl: null };
    return { xUserId: k.xUserId, username: k.username, name: k.name, addedAt: k.addedAt, totals, rank: placed?.rank ?? null, series };
  });
  // The ranking's order, then the KOLs without a mention by handle (listKols' order).
  const place = (c: KolChart) => c.rank ?? Number.MAX_SAFE_INTEGER;
  return charts.sort((a, b) => place(a) - place(b));
}
