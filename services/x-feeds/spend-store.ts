// SQL of each group's daily share of X reads, and the one cap notice per group and day.
import type { Tx } from '../platform/database.js';
import { chatId as toChatId, type ChatId } from '../platform/telegram-ids.js';

/** What each of these groups has spent today (absent: nothing). */
export async function spentToday(tx: Tx, day: string, chatIds: readonly ChatId[]): Promise<Map<ChatId, bigint>> {
  if (chatIds.length === 0) return new Map();
  const rows: Array<{ chat_id: string; cost_micros: string }> = await tx.query(
    `SELECT chat_id, cost_micros FROM feeds.group_spend WHERE day = $1 AND chat_id = ANY($2::bigint[])`,
    [day, chatIds],
  );
  return new Map(rows.map((r) => [toChatId(r.chat_id), BigInt(r.cost_micros)]));
}

/** Adds shares in one statement; returns each group's total for the day after it. */
export async function addSpend(tx: Tx, day: string, shares: ReadonlyArray<{ chatId: ChatId; micros: bigint }>): Promise<Map<ChatId, bigint>> {
  if (shares.length === 0) return new Map();
  const rows: Array<{ chat_id: string; cost_micros: string }> = await tx.query(
    `INSERT INTO feeds.group_spend AS s (chat_id, day, cost_micros)
     SELECT c, $1, m FROM unnest($2::bigint[], $3::bigint[]) AS x(c, m) ORDER BY c
     ON CONFLICT (chat_id, day) DO UPDATE SET cost_micros = s.cost_micros + EXCLUDED.cost_micros
     RETURNING chat_id, cost_micros`,
    [day, shares.map((s) => s.chatId), shares.map((s) => s.micros.toString())],
  );
  return new Map(rows.map((r) => [toChatId(r.chat_id), BigInt(r.cost_micros)]));
}

/** Claims today's cap notice for these groups; returns the ones not told yet (each is told once a day). */
export async function claimCapNotices(tx: Tx, day: string, scope: 'group' | 'deployment', chatIds: readonly ChatId[], at: Date): Promise<ChatId[]> {
  if (chatIds.length === 0) return [];
  const rows: Array<{ chat_id: string }> = await tx.query(
    `INSERT INTO feeds.cap_notices (chat_id, day, scope, at)
     SELECT c, $1, $2, $3 FROM unnest($4::bigint[]) AS x(c) ORDER BY c
     ON CONFLICT (chat_id, day) DO NOTHING RETURNING chat_id`,
    [day, scope, at, chatIds],
  );
  return rows.map((r) => toChatId(r.chat_id));
}

/** Every group with a follow, and its bot: who hears of the deployment's cap. */
export async function followingGroups(tx: Tx): Promise<Array<{ chatId: ChatId; botId: number }>> {
  const rows: Array<{ chat_id: string; bot_id: string }> = await tx.query(`SELECT DISTINCT chat_id, bot_id FROM feeds.follows ORDER BY chat_id`);
  return rows.map((r) => ({ chatId: toChatId(r.chat_id), botId: Number(r.bot_id) }));
}
