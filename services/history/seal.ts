// The sealer chains finished events into history.seals. Business transactions only INSERT events; this is
// the single writer of the chain, serialised by an advisory lock held for one short transaction.
//
// Why xid bounds and not "id > last sealed id": ids come from a sequence at INSERT time, so a transaction
// still open may own id 5 while id 6 is already committed. Sealing 6 and moving past it would skip 5 forever.
// Instead each batch takes bound = pg_snapshot_xmin(pg_current_snapshot()): every transaction with an xid
// below it has finished, so the set of visible events with xid < bound is final. Batches cover consecutive
// xid ranges [xid_from, xid_to) (recorded on each seal row), each chained in id order; a range larger than
// one batch is continued by id in the next transaction before a new range is opened. By induction every
// event with xid < last xid_to is sealed, exactly once (event_id is UNIQUE as a last line of defence).
import type { DataSource } from 'typeorm';
import type { Tx } from '../platform/database.js';
import { GENESIS_HASH, chainHash, encodeEvent } from './canonical.js';
import { EVENT_COLUMNS, toRecord, type EventRow } from './event-row.js';

/** Arbitrary constant shared by every sealer process; only the sealer takes it. */
const SEALER_LOCK_KEY = '7306120003000001';

export interface SealBatchResult {
  sealed: number;
  /** Hex hash of the chain head after this batch, if the chain is not empty. */
  head?: string;
  /** Seconds between each sealed event's occurred_at and now (database clock). */
  lagSeconds: number[];
}

interface Head {
  seq: bigint;
  eventId: string;
  hash: Buffer;
  xidFrom: string;
  xidTo: string;
}

/** Seals up to `limit` events in one transaction. */
export async function sealBatch(db: DataSource, limit: number): Promise<SealBatchResult> {
  // READ COMMITTED on purpose: each statement after the lock gets a fresh snapshot, so it sees the seals the
  // previous holder committed. A REPEATABLE READ snapshot would be taken by the lock statement itself,
  // before the wait, and could chain from a stale head.
  return db.transaction('READ COMMITTED', async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [SEALER_LOCK_KEY]);
    const head = await readHead(tx);
    const picked: Array<{ row: EventRow & { lag: number }; xidFrom: string; xidTo: string }> = [];

    // 1. The rest of the range the last batch was cut short in, if any.
    if (head) {
      const rows = await eventsInRange(tx, head.xidFrom, head.xidTo, head.eventId, limit);
      for (const row of rows) picked.push({ row, xidFrom: head.xidFrom, xidTo: head.xidTo });
    }
    // 2. Then a new range up to the oldest transaction still running. Its snapshot is taken by this statement;
    // the next statement's snapshot is newer, so every event below the bound is visible to it.
    if (picked.length < limit) {
      const from = head?.xidTo ?? '0';
      const [{ bound }] = (await tx.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS bound`)) as [{ bound: string }];
      if (BigInt(bound) > BigInt(from)) {
        const rows = await eventsInRange(tx, from, bound, '0', limit - picked.length);
        for (const row of rows) picked.push({ row, xidFrom: from, xidTo: bound });
      }
    }
    if (picked.length === 0) return { sealed: 0, head: head?.hash.toString('hex'), lagSeconds: [] };

    let prev = head?.hash ?? GENESIS_HASH;
    let seq = head?.seq ?? 0n;
    const cols: { seq: string[]; event: string[]; prev: string[]; hash: string[]; from: string[]; to: string[] } = {
      seq: [], event: [], prev: [], hash: [], from: [], to: [],
    };
    for (const p of picked) {
      seq += 1n;
      const hash = chainHash(prev, encodeEvent(toRecord(p.row, seq)));
      cols.seq.push(seq.toString());
      cols.event.push(p.row.id);
      cols.prev.push(prev.toString('hex'));
      cols.hash.push(hash.toString('hex'));
      cols.from.push(p.xidFrom);
      cols.to.push(p.xidTo);
      prev = hash;
    }
    await tx.query(
      `INSERT INTO history.seals (seq, event_id, prev_hash, hash, xid_from, xid_to)
       SELECT s, e, decode(p, 'hex'), decode(h, 'hex'), f::xid8, t::xid8
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(s, e, p, h, f, t)`,
      [cols.seq, cols.event, cols.prev, cols.hash, cols.from, cols.to],
    );
    return { sealed: picked.length, head: prev.toString('hex'), lagSeconds: picked.map((p) => p.row.lag) };
  });
}

/**
 * Events the sealer has not reached yet. Exact after a full seal() (everything below the last bound is
 * sealed then); uses the xid index, so it only touches the unsealed tail.
 */
export async function countUnsealed(tx: Tx): Promise<number> {
  const [row] = (await tx.query(
    `SELECT count(*)::int AS n FROM history.events
      WHERE xid >= coalesce((SELECT xid_to FROM history.seals ORDER BY seq DESC LIMIT 1), '0'::xid8)`,
  )) as [{ n: number }];
  return row.n;
}

/** Seconds since the oldest event the sealer has not reached was recorded (0 when there is none): what an
 * open transaction anywhere in the cluster does to the sealer shows here first. */
export async function oldestUnsealedSeconds(tx: Tx): Promise<number> {
  const [row] = (await tx.query(
    `SELECT coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS s FROM history.events
      WHERE xid >= coalesce((SELECT xid_to FROM history.seals ORDER BY seq DESC LIMIT 1), '0'::xid8)`,
  )) as [{ s: number }];
  return row.s;
}

/** Events with an id up to `lastId` that are not in the chain yet. */
export async function countUnsealedThrough(tx: Tx, lastId: string): Promise<number> {
  const [row] = (await tx.query(
    `SELECT count(*)::int AS n FROM history.events e
      WHERE e.id <= $1::bigint AND NOT EXISTS (SELECT 1 FROM history.seals s WHERE s.event_id = e.id)`,
    [lastId],
  )) as [{ n: number }];
  return row.n;
}

/** The chain's head as it stands: what an anchor publishes. */
export async function readChainHead(tx: Tx): Promise<{ seq: bigint; eventId: string; hash: string } | undefined> {
  const head = await readHead(tx);
  return head && { seq: head.seq, eventId: head.eventId, hash: head.hash.toString('hex') };
}

/** Events below the last sealed bound that are not in the chain. The sealer seals every event below its
 * bound, so one found here was put in afterwards with a made-up low xid. */
export async function unsealedBelowBound(tx: Tx): Promise<Array<{ id: string; xid: string }>> {
  return tx.query(
    `SELECT e.id::text AS id, e.xid::text AS xid FROM history.events e
      WHERE e.xid < (SELECT xid_to FROM history.seals ORDER BY seq DESC LIMIT 1)
        AND NOT EXISTS (SELECT 1 FROM history.seals s WHERE s.event_id = e.id)
      ORDER BY e.id LIMIT 10`,
  );
}

async function readHead(tx: Tx): Promise<Head | undefined> {
  const rows: Array<{ seq: string; event_id: string; hash: Buffer; xid_from: string; xid_to: string }> = await tx.query(
    // Qualified s.seq: a bare `seq` in ORDER BY would mean the text output column and sort '9' after '10'.
    `SELECT s.seq::text AS seq, s.event_id::text AS event_id, s.hash, s.xid_from::text AS xid_from, s.xid_to::text AS xid_to
       FROM history.seals s ORDER BY s.seq DESC LIMIT 1`,
  );
  const r = rows[0];
  return r && { seq: BigInt(r.seq), eventId: r.event_id, hash: r.hash, xidFrom: r.xid_from, xidTo: r.xid_to };
}

async function eventsInRange(tx: Tx, from: string, to: string, afterId: string, limit: number): Promise<Array<EventRow & { lag: number }>> {
  return tx.query(
    `SELECT ${EVENT_COLUMNS},
            extract(epoch FROM clock_timestamp() - e.occurred_at)::float8 AS lag
       FROM history.events e
      WHERE e.xid >= $1::xid8 AND e.xid < $2::xid8 AND e.id > $3::bigint
      ORDER BY e.id
      LIMIT $4`,
    [from, to, afterId, limit],
  );
}
