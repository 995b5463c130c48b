// Moves message counts from Redis into Postgres, at least once from Redis's side and exactly once in
// effect:
//   1. claim: inside a Postgres transaction holding the flush lock, a script renames each live hash to a
//      flushing hash tagged with a fresh batch id (or returns the flushing hash a crashed flush left);
//   2. apply: the same transaction records the batch in analytics.activity_flushes and adds the counts,
//      but only for batches the ledger has not seen, so re-reading a flushing hash adds nothing;
//   3. finish: after the commit, a script deletes each flushing hash if it still carries that batch.
// A crash before the commit leaves the flushing hash for the next run; one after it leaves a hash the
// ledger already knows. The lock serialises claim+apply, so two flushes cannot both add one batch, and a
// flusher that lost its connection cannot commit late (its writes die with its transaction).
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Redis } from '../platform/redis.js';
import type { Tx } from '../platform/database.js';
import {
  CLAIM_LUA,
  FINISH_LUA,
  REDIS_DAYS,
  luaScript,
  parseHash,
  parseMember,
  utcDay,
  type ActivityKeys,
} from './activity-keys.js';

const claimScript = luaScript(CLAIM_LUA);
const finishScript = luaScript(FINISH_LUA);

/** Any constant; the same in every process of a deployment (advisory locks are per database). */
const FLUSH_LOCK = 7_265_736_108;
/** Group-days per transaction: bounds the script's run time (Redis is single-threaded) and the SQL size. */
const CHUNK = 500;

export interface FlushDeps {
  db: DataSource;
  redis: Redis;
  keys: ActivityKeys;
  now(): Date;
}

export async function flushActivity(deps: FlushDeps): Promise<{ flushed: number }> {
  const members = await deps.redis.smembers(deps.keys.dirty);
  let flushed = 0;
  for (let i = 0; i < members.length; i += CHUNK) flushed += await flushChunk(deps, members.slice(i, i + CHUNK));
  // Ledger rows only matter while Redis may still hold a hash for that day.
  const cutoff = new Date(deps.now().getTime() - (REDIS_DAYS + 1) * 86_400_000);
  await deps.db.query(`DELETE FROM analytics.activity_flushes WHERE day < $1::date`, [utcDay(cutoff)]);
  return { flushed };
}

interface Claimed {
  member: string;
  chatId: string;
  day: string;
  batch: string | null;
  counts: Map<string, number>;
}

async function flushChunk(deps: FlushDeps, members: string[]): Promise<number> {
  const { redis, keys } = deps;
  const parsed = members.map((member) => ({ member, ...parseMember(member) }));
  const pairKeys = parsed.flatMap((m) => [keys.live(m.chatId, m.day), keys.flushing(m.chatId, m.day)]);
  const batch = randomUUID();
  let claimed: Claimed[] = [];
  const added = await deps.db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [FLUSH_LOCK]);
    const hashes = (await claimScript(redis, pairKeys, [batch])) as unknown[];
    claimed = parsed.map((m, i) => ({ ...m, ...parseHash(hashes[i]) }));
    return apply(tx, claimed.filter((c) => c.batch !== null && c.counts.size > 0));
  });
  await finishScript(redis, [...pairKeys, keys.dirty], claimed.flatMap((c) => [c.batch ?? '', c.member]));
  return added;
}

/** Adds the counts of the batches the ledger has not recorded yet; returns how many messages it added. */
async function apply(tx: Tx, claimed: Claimed[]): Promise<number> {
  if (claimed.length === 0) return 0;
  const fresh: Array<{ chat_id: string; day: string }> = await tx.query(
    `INSERT INTO analytics.activity_flushes (chat_id, day, batch)
     SELECT * FROM unnest($1::bigint[], $2::date[], $3::text[])
     ON CONFLICT (chat_id, day) DO UPDATE SET batch = EXCLUDED.batch, flushed_at = now()
       WHERE activity_flushes.batch <> EXCLUDED.batch
     RETURNING chat_id::text, to_char(day, 'YYYY-MM-DD') AS day`,
    [claimed.map((c) => c.chatId), claimed.map((c) => c.day), claimed.map((c) => c.batch)],
  );
  const todo = new Set(fresh.map((r) => `${r.chat_id}:${r.day}`));
  const chats: string[] = [];
  const users: string[] = [];
  const days: string[] = [];
  const counts: number[] = [];
  for (const c of claimed) {
    if (!todo.has(`${c.chatId}:${c.day}`)) continue;
    for (const [user, n] of c.counts) {
      chats.push(c.chatId);
      users.push(user);
      days.push(c.day);
      counts.push(n);
    }
  }
  if (users.length === 0) return 0;
  await tx.query(
    `INSERT INTO analytics.message_activity (chat_id, user_id, day, messages)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::int[])
     ON CONFLICT (chat_id, user_id, day) DO UPDATE SET messages = message_activity.messages + EXCLUDED.messages`,
    [chats, users, days, counts],
  );
  return counts.reduce((a, b) => a + b, 0);
}
