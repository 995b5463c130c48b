// Message totals per member (what the leaderboards service's message board shows) add what Postgres holds to what Redis still counts, so a member sees a message
// the moment it is counted. A flush may move counts between the two reads; the flush ledger tells which
// flushing hashes Postgres already holds, and reading it before and after the Redis read tells whether a
// flush committed in between (then the reads are done again).
import type { DataSource } from 'typeorm';
import type { Redis } from '../platform/redis.js';
import { READ_LUA, REDIS_DAYS, luaScript, parseHash, utcDay, type ActivityKeys } from './activity-keys.js';
import { telegramUserId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';

const readScript = luaScript(READ_LUA);
const ATTEMPTS = 3;

export interface ActivityRow {
  telegramUserId: TelegramUserId;
  messages: number;
}

export interface TotalsDeps {
  db: DataSource;
  redis: Redis;
  keys: ActivityKeys;
  now(): Date;
}

/** Most messages first, equal counts by Telegram id. `since` counts whole UTC days from its day on. */
export async function messagesByMember(
  deps: TotalsDeps,
  chatId: ChatId,
  options: { since?: Date; limit: number },
): Promise<ActivityRow[]> {
  const limit = Math.max(0, Math.floor(options.limit));
  if (limit === 0) return [];
  const today = deps.now();
  const fromDay = options.since ? utcDay(options.since) : '0001-01-01';
  const days = recentDays(today, REDIS_DAYS).filter((d) => d >= fromDay);
  const redisFrom = days[days.length - 1] ?? utcDay(today);
  let result: ActivityRow[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const before = await ledger(deps.db, chatId, redisFrom);
    const hashes = days.length
      ? ((await readScript(deps.redis, days.flatMap((d) => [deps.keys.live(chatId, d), deps.keys.flushing(chatId, d)]), [])) as unknown[])
      : [];
    const unflushed = new Map<string, number>();
    days.forEach((day, i) => {
      const live = parseHash(hashes[2 * i]);
      const flushing = parseHash(hashes[2 * i + 1]);
      // A flushing hash whose batch the ledger holds is already in Postgres: counting it again would double.
      const sources = flushing.batch !== null && before.get(day) === flushing.batch ? [live] : [live, flushing];
      for (const { counts } of sources) for (const [user, n] of counts) unflushed.set(user, (unflushed.get(user) ?? 0) + n);
    });
    const stored = await storedTotals(deps.db, chatId, fromDay, limit, [...unflushed.keys()], redisFrom);
    result = merge(stored.totals, unflushed, limit);
    // An unchanged ledger means no flush of this group committed between the two database reads, so the
    // Redis read saw the same split between Redis and Postgres as the totals (a changed one is retried).
    if (sameLedger(before, stored.ledger)) break;
  }
  return result;
}

function recentDays(today: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => utcDay(new Date(today.getTime() - i * 86_400_000)));
}

async function ledger(db: DataSource, chatId: ChatId, fromDay: string): Promise<Map<string, string>> {
  const rows: Array<{ day: string; batch: string }> = await db.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, batch FROM analytics.activity_flushes WHERE chat_id = $1 AND day >= $2::date`,
    [chatId, fromDay],
  );
  return new Map(rows.map((r) => [r.day, r.batch]));
}

/** One statement, so the totals and the ledger come from one snapshot. The top `limit` by stored count,
 * plus every member with unflushed counts, is enough for an exact merged top `limit`: anyone else has no
 * more than the last of that top, and loses the tie by id too. */
async function storedTotals(db: DataSource, chatId: ChatId, fromDay: string, limit: number, extra: string[], redisFrom: string) {
  const rows: Array<{ kind: 'row' | 'ledger'; k: string; v: string }> = await db.query(
    `WITH totals AS (
       SELECT user_id, sum(messages)::bigint AS messages FROM analytics.message_activity
       WHERE chat_id = $1 AND day >= $2::date GROUP BY user_id
     ), picked AS (
       (SELECT user_id, messages FROM totals ORDER BY messages DESC, user_id LIMIT $3)
       UNION
       (SELECT user_id, messages FROM totals WHERE user_id = ANY($4::bigint[]))
     )
     SELECT 'row' AS kind, user_id::text AS k, messages::text AS v FROM picked
     UNION ALL
     SELECT 'ledger', to_char(day, 'YYYY-MM-DD'), batch FROM analytics.activity_flushes WHERE chat_id = $1 AND day >= $5::date`,
    [chatId, fromDay, limit, extra, redisFrom],
  );
  const totals = new Map<string, number>();
  const ledgerNow = new Map<string, string>();
  for (const r of rows) (r.kind === 'row' ? totals.set(r.k, Number(r.v)) : ledgerNow.set(r.k, r.v));
  return { totals, ledger: ledgerNow };
}

function merge(stored: Map<string, number>, unflushed: Map<string, number>, limit: number): ActivityRow[] {
  const all = new Map(stored);
  for (const [user, n] of unflushed) all.set(user, (all.get(user) ?? 0) + n);
  return [...all]
    .map(([user, messages]) => ({ telegramUserId: telegramUserId(user), messages }))
    .filter((r) => r.messages > 0)
    .sort((a, b) => b.messages - a.messages || a.telegramUserId - b.telegramUserId)
    .slice(0, limit);
}

function sameLedger(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [day, batch] of a) if (b.get(day) !== batch) return false;
  return true;
}
