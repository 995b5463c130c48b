// The weekly KOL digest: on Monday from 09:00 UTC (or at the first pass after, if the worker was down), each
// group that had KOLs last week gets last week's ranking, once. The claim row and the outbox message commit
// together; the outbox's dedupe key guards a second time.
import type { Tx } from '../../platform/database.js';
import { chatId as toChatId, type ChatId } from '../../platform/telegram-ids.js';
import { rankingRows } from './ranking.js';
import type { KolsDeps } from './deps.js';

const DAY_MS = 86_400_000;
/** Monday morning in Europe, the night's end in Asia, Sunday evening on the US West Coast: a time most crypto
 * communities are awake. */
export const DIGEST_HOUR_UTC = 9;

/** Monday 00:00 UTC of the ISO week of `at`. */
export function isoWeekStart(at: Date): Date {
  const day = (at.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day));
}

/** ISO 8601 week of `at` (UTC), `2026-W07`: the week belongs to the year of its Thursday. */
export function isoWeek(at: Date): string {
  const thursday = new Date(isoWeekStart(at).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Groups that had a KOL before the week ended and have no digest for it yet. */
async function dueGroups(tx: Tx, week: string, until: Date): Promise<ChatId[]> {
  const rows: Array<{ chat_id: string }> = await tx.query(
    `SELECT DISTINCT k.chat_id FROM feeds.kols k
      WHERE k.added_at < $2 AND NOT EXISTS (SELECT 1 FROM feeds.kol_digests d WHERE d.chat_id = k.chat_id AND d.week = $1)
      ORDER BY k.chat_id`,
    [week, until],
  );
  return rows.map((r) => toChatId(r.chat_id));
}

/** Claims the group's digest of the week: false when another worker already did. */
async function claimDigest(tx: Tx, chatId: ChatId, week: string, now: Date): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO feeds.kol_digests (chat_id, week, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
    [chatId, week, now],
  );
  return rows.length > 0;
}

export interface DigestPass {
  /** Before Monday 09:00 UTC: last week's digests are not due yet (the week before's went out). */
  due: boolean;
  week: string;
  sent: number;
}

export async function sendDueDigests(deps: KolsDeps): Promise<DigestPass> {
  const now = deps.clock.now();
  const until = isoWeekStart(now);
  const since = new Date(until.getTime() - 7 * DAY_MS);
  const week = isoWeek(since);
  if (now.getTime() < until.getTime() + DIGEST_HOUR_UTC * 3_600_000) return { due: false, week, sent: 0 };
  const chatIds = await dueGroups(deps.db.manager, week, until);
  const groups = (await deps.groups.many(chatIds)).filter((g) => g.active);
  let sent = 0;
  for (const group of groups) {
    const queued = await deps.db.transaction(async (tx) => {
      if (!(await claimDigest(tx, group.chatId, week, now))) return false;
      const rows = await rankingRows(tx, group.chatId, since, until);
      const payload = deps.messages(group.botId).kolRanking({ kind: 'weekly', since, until, rows });
      // Low priority: a digest must never hold up a raid card.
      const [outboxId] = await deps.notifications.enqueueMany(tx, [
        { botId: group.botId, chatId: group.chatId, method: 'sendMessage', priority: 'low', payload: payload as never, dedupeKey: `kols:digest:${group.chatId}:${week}` },
      ]);
      await tx.query(`UPDATE feeds.kol_digests SET outbox_id = $3 WHERE chat_id = $1 AND week = $2`, [group.chatId, week, outboxId]);
      await deps.history.append(tx, {
        actor: { kind: 'system' }, action: 'feed.kol_digest_queued', subject: { kind: 'group', id: String(group.chatId) },
        data: { week, ranked: rows.length, outboxId: outboxId! },
      });
      return true;
    });
    if (queued) sent++;
  }
  return { due: true, week, sent };
}
