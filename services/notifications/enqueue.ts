import { preparedQuery, type Tx } from '../platform/database.js';
import type { Clock } from '../platform/clock.js';
import type { OutboxMessage } from './types.js';
import { rankOf } from './priority.js';

// One statement: number the messages in their chats' lanes, then insert them. Taking numbers from a lane
// locks its row until the caller's transaction ends, so messages to one chat are numbered in commit order
// (see the migration outbox-chat-order). Lanes are taken in (bot, chat) order, which keeps two transactions
// that write to the same chats in one call from deadlocking; across calls a deadlock is possible and the
// transaction is retried (platform/transaction-retry.ts). A dedupe key already stored leaves a gap in the
// lane's numbers, which is harmless: the lane's order compares numbers, never counts them. The priority
// (a rank, see priority.ts) is stored as given; the lane's order is (priority, seq).
const ENQUEUE_SQL = `
WITH m AS (
  SELECT (e->>'b')::bigint AS bot_id, (e->>'c')::bigint AS chat_id, e->>'m' AS method, e->'p' AS payload, e->>'k' AS dedupe_key,
         (e->>'r')::smallint AS priority, ord
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
), counts AS (
  SELECT bot_id, chat_id, count(*) AS n FROM m GROUP BY bot_id, chat_id
), lanes AS (
  INSERT INTO notifications.outbox_lanes AS l (bot_id, chat_id, last_seq)
  SELECT bot_id, chat_id, n FROM counts ORDER BY bot_id, chat_id
  ON CONFLICT (bot_id, chat_id) DO UPDATE SET last_seq = l.last_seq + EXCLUDED.last_seq
  RETURNING bot_id, chat_id, last_seq
)
INSERT INTO notifications.outbox (bot_id, chat_id, lane_chat_id, seq, method, payload, dedupe_key, priority, created_at, next_attempt_at)
SELECT m.bot_id, m.chat_id, m.chat_id,
       lanes.last_seq - counts.n + row_number() OVER (PARTITION BY m.bot_id, m.chat_id ORDER BY m.ord),
       m.method, m.payload, m.dedupe_key, m.priority, $2, $2
  FROM m JOIN counts USING (bot_id, chat_id) JOIN lanes USING (bot_id, chat_id)
 ORDER BY m.ord
ON CONFLICT (bot_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
RETURNING id, bot_id, dedupe_key`;

/** Inserts messages in the caller's transaction, so they commit (or roll back) with the change that caused
 * them. A dedupe key already stored for the bot yields the stored message's id instead of a new row. */
export async function enqueueMany(tx: Tx, clock: Clock, messages: readonly OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  // Prepared: planning this statement costs about what running it does, and it runs for every answer. The
  // messages go as one JSON document: one stringify here and one parse there, where five parallel arrays
  // would have every payload escaped into an array literal.
  const batch = JSON.stringify(messages.map((m) => ({ b: m.botId, c: m.chatId, m: m.method, p: m.payload, k: m.dedupeKey ?? null, r: rankOf(m.priority) })));
  const inserted = await preparedQuery<{ id: string; bot_id: string; dedupe_key: string | null }>(tx, 'warhorn-outbox-enqueue', ENQUEUE_SQL, [batch, clock.now()]);
  // RETURNING gives no order guarantee and skips conflicts: match rows back by (bot, key) or by position.
  const byKey = new Map<string, string>();
  const unkeyed: string[] = [];
  for (const row of inserted) {
    if (row.dedupe_key === null) unkeyed.push(row.id);
    else byKey.set(`${row.bot_id}:${row.dedupe_key}`, row.id);
  }
  unkeyed.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const missing = messages.filter((m) => m.dedupeKey !== undefined && !byKey.has(`${m.botId}:${m.dedupeKey}`));
  if (missing.length) {
    const existing: Array<{ id: string; bot_id: string; dedupe_key: string }> = await tx.query(
      `SELECT o.id, o.bot_id, o.dedupe_key FROM notifications.outbox o
       JOIN unnest($1::bigint[], $2::text[]) AS k(bot_id, dedupe_key) USING (bot_id, dedupe_key)`,
      [missing.map((m) => m.botId), missing.map((m) => m.dedupeKey)],
    );
    for (const row of existing) byKey.set(`${row.bot_id}:${row.dedupe_key}`, row.id);
  }
  let next = 0;
  return messages.map((m) => {
    if (m.dedupeKey === undefined) return unkeyed[next++]!;
    const id = byKey.get(`${m.botId}:${m.dedupeKey}`);
    if (!id) throw new Error(`outbox: no row for dedupe key of bot ${m.botId}`);
    return id;
  });
}

export async function enqueue(tx: Tx, clock: Clock, message: OutboxMessage): Promise<string> {
  const [id] = await enqueueMany(tx, clock, [message]);
  return id!;
}
