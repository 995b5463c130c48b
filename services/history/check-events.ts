// Checks a page of the trail (the events an audit view shows) against the chain, without recomputing the
// whole chain from genesis (verify.ts does that, page by page, for the whole history): each sealed event
// must hash to its seal, its seal must follow the seal before it and be followed by the seal after it, so
// an event or a seal altered on its own does not pass. An event the sealer passed without sealing (an
// insert with a made-up xid) breaks the check too; one the sealer has not reached yet leaves it pending.
import type { Tx } from '../platform/database.js';
import { GENESIS_HASH, chainHash, encodeEvent } from './canonical.js';
import { EVENT_COLUMNS, toRecord, type EventRow } from './event-row.js';
import type { EventsCheck } from './types.js';

interface SealedRow extends EventRow {
  seq: string;
  prev_hash: Buffer;
  hash: Buffer;
  /** The seal before this one's hash; null for seq 1 or when it is missing. */
  before_hash: Buffer | null;
  /** The seal after this one's prev_hash; null at the head or when it is missing. */
  after_prev_hash: Buffer | null;
  has_after: boolean;
}

export async function checkEvents(tx: Tx, eventIds: readonly string[]): Promise<EventsCheck> {
  if (eventIds.length === 0) return { status: 'verified' };
  const sealed: SealedRow[] = await tx.query(
    `SELECT s.seq::text AS seq, s.prev_hash, s.hash, b.hash AS before_hash, a.prev_hash AS after_prev_hash,
            (a.seq IS NOT NULL OR s.seq < (SELECT max(seq) FROM history.seals)) AS has_after, ${EVENT_COLUMNS}
       FROM history.seals s
       JOIN history.events e ON e.id = s.event_id
       LEFT JOIN history.seals b ON b.seq = s.seq - 1
       LEFT JOIN history.seals a ON a.seq = s.seq + 1
      WHERE s.event_id = ANY($1::bigint[])
      ORDER BY s.seq`,
    [eventIds],
  );
  let checkedThrough: string | undefined;
  for (const row of sealed) {
    const seq = BigInt(row.seq);
    const bad = (reason: string): EventsCheck => ({ status: 'broken', firstBadEventId: row.id, reason });
    const before = seq === 1n ? GENESIS_HASH : row.before_hash;
    if (!before) return bad(`the seal before seq ${seq} is missing (seals deleted)`);
    if (!row.prev_hash.equals(before)) return bad(`seal ${seq}: prev_hash is not the previous seal's hash (seal row altered)`);
    if (!chainHash(row.prev_hash, encodeEvent(toRecord(row, seq))).equals(row.hash)) return bad(`hash mismatch at seq ${seq}: event ${row.id} or its seal was altered`);
    if (row.has_after && !row.after_prev_hash) return bad(`the seal after seq ${seq} is missing (seals deleted)`);
    if (row.after_prev_hash && !row.after_prev_hash.equals(row.hash)) return bad(`seal ${seq + 1n} does not follow seal ${seq} (seal row altered)`);
    checkedThrough = row.seq;
  }
  if (sealed.length === eventIds.length) return { status: 'verified', ...(checkedThrough ? { checkedThrough } : {}) };
  // Unsealed events below the sealed bound were inserted behind the sealer's back (see seal.ts).
  const slipped: Array<{ id: string }> = await tx.query(
    `SELECT e.id::text AS id FROM history.events e
      WHERE e.id = ANY($1::bigint[])
        AND e.xid < (SELECT xid_to FROM history.seals ORDER BY seq DESC LIMIT 1)
        AND NOT EXISTS (SELECT 1 FROM history.seals s WHERE s.event_id = e.id)
      ORDER BY e.id LIMIT 1`,
    [eventIds],
  );
  if (slipped[0]) return { status: 'broken', firstBadEventId: slipped[0].id, reason: `event ${slipped[0].id} lies below the sealed bound without a seal: it was inserted afterwards with a made-up xid` };
  return { status: 'pending', ...(checkedThrough ? { checkedThrough } : {}) };
}
