// Keeps feeds.kol_queries in step with the groups' KOL lists and terms: the queries every active group needs,
// one row per distinct text (groups with the same KOLs and terms share it), the rest retired. A new query
// starts where the queries it replaces had read up to for the same (group, KOL) pairs, or where the KOL was
// added when nothing searched the pair before: never earlier (no back-fill of a new KOL's history) and
// without a gap for the KOLs a group already had.
import type { ChatId } from '../../platform/telegram-ids.js';
import { allKols, termsOf, type KolRow } from './kol-store.js';
import { allQueries, deleteQueries, insertQuery, lockPlanning, setQueryChats, type QueryRow } from './query-store.js';
import { planQueries, type PlannedQuery } from './query-plan.js';
import type { KolsConfig, KolsDeps } from './deps.js';

/** How far back of a replaced query's last read the new one starts: X's search lags behind real time by
 * up to 30 s, and reading a post twice only re-records nothing (it is billed once a UTC day). */
export const HANDOVER_OVERLAP_MS = 60_000;

export interface PlanResult {
  queries: number;
  created: number;
  retired: number;
}

const sameChats = (a: readonly ChatId[], b: readonly ChatId[]) => a.length === b.length && a.every((c, i) => c === b[i]);
const pairKey = (chatId: ChatId, xUserId: string) => `${chatId}:${xUserId}`;

/** Up to where a query has searched: its last read (less the overlap), or its start before any read. */
const coveredUntil = (q: QueryRow) => (q.lastReadAt ? q.lastReadAt.getTime() - HANDOVER_OVERLAP_MS : q.startTime.getTime());

function startOf(plan: PlannedQuery, chatIds: readonly ChatId[], existing: readonly QueryRow[], addedAt: Map<string, number>): Date {
  let start = Infinity;
  for (const chat of chatIds) {
    for (const kol of plan.kolIds) {
      let covered = -Infinity;
      for (const q of existing) if (q.chatIds.includes(chat) && q.kolIds.includes(kol)) covered = Math.max(covered, coveredUntil(q));
      start = Math.min(start, covered > -Infinity ? covered : addedAt.get(pairKey(chat, kol))!);
    }
  }
  return new Date(start);
}

/** `now`: the pass's time, so the queries it creates are due in the same pass. */
export async function planSearches(deps: KolsDeps, config: KolsConfig, now: Date): Promise<PlanResult> {
  const kols = await allKols(deps.db.manager);
  const chatIds = [...new Set(kols.map((k) => k.chatId))];
  const [groups, terms] = await Promise.all([deps.groups.many(chatIds), termsOf(deps.db.manager, chatIds)]);
  // A group the bot left costs nothing: its queries retire until it is back.
  const active = new Set(groups.filter((g) => g.active).map((g) => g.chatId));
  const byChat = new Map<ChatId, KolRow[]>();
  for (const k of kols) if (active.has(k.chatId)) byChat.set(k.chatId, [...(byChat.get(k.chatId) ?? []), k]);
  const addedAt = new Map(kols.map((k) => [pairKey(k.chatId, k.xUserId), k.addedAt.getTime()] as const));

  const desired = new Map<string, { plan: PlannedQuery; chatIds: ChatId[] }>();
  for (const [chat, list] of byChat) {
    for (const plan of planQueries(list.map((k) => k.xUserId), terms.get(chat) ?? [])) {
      const entry = desired.get(plan.query) ?? { plan, chatIds: [] };
      entry.chatIds.push(chat);
      desired.set(plan.query, entry);
    }
  }
  for (const entry of desired.values()) entry.chatIds.sort((a, b) => a - b);

  return deps.db.transaction(async (tx) => {
    await lockPlanning(tx);
    const existing = await allQueries(tx);
    const byText = new Map(existing.map((q) => [q.query, q] as const));
    let created = 0;
    for (const [text, { plan, chatIds: chats }] of desired) {
      const row = byText.get(text);
      if (row) {
        if (!sameChats(row.chatIds, chats)) await setQueryChats(tx, row.id, chats);
        continue;
      }
      const startTime = startOf(plan, chats, existing, addedAt);
      await insertQuery(tx, { query: text, kolIds: plan.kolIds, terms: plan.terms, chatIds: chats, startTime, intervalMs: config.minIntervalMs, now });
      created++;
    }
    const retired = existing.filter((q) => !desired.has(q.query)).map((q) => q.id);
    await deleteQueries(tx, retired);
    return { queries: desired.size, created, retired: retired.length };
  });
}
