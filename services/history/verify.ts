// Recomputes the chain from the seals in seq order, joined to their events, and reports the first entry that
// does not check out. Pages by seq (keyset, PAGE_SIZE rows per query) so memory stays flat for any length,
// and reads outside a transaction so a long verify holds no snapshot open.
import type { DataSource } from 'typeorm';
import { GENESIS_HASH, chainHash, encodeEvent } from './canonical.js';
import { EVENT_COLUMNS, toRecord, type EventRow } from './event-row.js';
import type { VerifyResult } from './types.js';
import type { Anchor } from './anchors.js';
import { unsealedBelowBound } from './seal.js';

export const PAGE_SIZE = 5_000;

interface SealRow extends Omit<EventRow, 'id'> {
  seq: string;
  seal_event_id: string;
  prev_hash: Buffer;
  hash: Buffer;
  xid_from: string;
  xid_to: string;
  /** null when the sealed event row is gone. */
  id: string | null;
}

/** `anchors`: heads published outside the database (anchors.ts); each must still be in the chain as it was. */
export async function verifyChain(db: DataSource, options: { pageSize?: number; anchors?: readonly Anchor[] } = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const anchors = new Map((options.anchors ?? []).map((a) => [BigInt(a.seq), a] as const));
  // Verify what was sealed when we started; seals added meanwhile are left for the next run.
  const [{ last }] = (await db.query(`SELECT coalesce(max(seq), 0)::text AS last FROM history.seals`)) as [{ last: string }];
  const lastSeq = BigInt(last);

  let checked = 0;
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let prev: { eventId: bigint; xidFrom: bigint; xidTo: bigint } | undefined;
  const bad = (row: SealRow, reason: string): VerifyResult => ({ ok: false, firstBadEventId: row.seal_event_id, reason, checked });

  const fetchPage = (fromSeq: bigint): Promise<SealRow[]> =>
    db.query(
      `SELECT s.seq::text AS seq, s.event_id::text AS seal_event_id, s.prev_hash, s.hash,
              s.xid_from::text AS xid_from, s.xid_to::text AS xid_to, ${EVENT_COLUMNS}
         FROM history.seals s
         LEFT JOIN history.events e ON e.id = s.event_id
        WHERE s.seq >= $1::bigint AND s.seq <= $2::bigint
        ORDER BY s.seq
        LIMIT $3`,
      [fromSeq.toString(), last, pageSize],
    );

  // The next page is requested before this one is hashed, so the server works on it meanwhile.
  let next: Promise<SealRow[]> | undefined = lastSeq > 0n ? fetchPage(1n) : undefined;
  while (next) {
    const rows = await next;
    const tail = rows.at(-1);
    next = tail && BigInt(tail.seq) < lastSeq ? fetchPage(BigInt(tail.seq) + 1n) : undefined;
    next?.catch(() => undefined); // if we stop early on a bad row, an error here is irrelevant
    if (rows.length === 0) {
      return { ok: false, firstBadEventId: prev ? prev.eventId.toString() : '0', reason: `seals after seq ${expectedSeq - 1n} are missing`, checked };
    }
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expectedSeq) return bad(row, `gap in seq: expected ${expectedSeq}, found ${seq} (seals deleted)`);
      if (row.id === null) return bad(row, `sealed event ${row.seal_event_id} (seq ${seq}) is missing from history.events (row deleted)`);
      if (!row.prev_hash.equals(prevHash)) return bad(row, `seal ${seq}: prev_hash is not the previous seal's hash (seal row altered)`);
      const rangeProblem = checkRange(row, prev);
      if (rangeProblem) return bad(row, `seal ${seq}: ${rangeProblem} (seal row altered)`);
      const hash = chainHash(prevHash, encodeEvent(toRecord(row as EventRow, seq)));
      if (!hash.equals(row.hash)) return bad(row, `hash mismatch at seq ${seq}: event ${row.id} or its seal was altered`);
      const anchor = anchors.get(seq);
      if (anchor && (anchor.hash !== hash.toString('hex') || anchor.eventId !== row.seal_event_id)) {
        return bad(row, `seq ${seq} does not match the anchor published ${anchor.at} (head ${anchor.hash.slice(0, 12)}…): the chain was rewritten from there or before`);
      }

      checked++;
      expectedSeq++;
      prevHash = hash;
      prev = { eventId: BigInt(row.seal_event_id), xidFrom: BigInt(row.xid_from), xidTo: BigInt(row.xid_to) };
    }
  }
  const beyond = [...anchors.values()].filter((a) => BigInt(a.seq) > lastSeq).sort((a, b) => Number(BigInt(b.seq) - BigInt(a.seq)))[0];
  if (beyond) {
    return { ok: false, firstBadEventId: beyond.eventId, reason: `the chain ends at seq ${lastSeq}, but seq ${beyond.seq} was published ${beyond.at}: events and their seals were removed (or the tables emptied)`, checked };
  }
  const slipped = await unsealedBelowBound(db.manager);
  if (slipped.length > 0) {
    return { ok: false, firstBadEventId: slipped[0]!.id, reason: `event ${slipped[0]!.id} has xid ${slipped[0]!.xid}, below the sealed bound, and no seal: it was inserted afterwards with a made-up xid`, checked };
  }
  return { ok: true, events: checked, head: prevHash.toString('hex') };
}

/**
 * The sealer's batch structure (seal.ts) must hold: the event's xid lies in its seal's range; ranges are
 * consecutive from 0; within a range events are chained in increasing id order.
 */
function checkRange(row: SealRow, prev: { eventId: bigint; xidFrom: bigint; xidTo: bigint } | undefined): string | undefined {
  const from = BigInt(row.xid_from);
  const to = BigInt(row.xid_to);
  const xid = BigInt(row.xid);
  if (xid < from || xid >= to) return `event xid ${xid} is outside the seal's range [${from}, ${to})`;
  if (!prev) return from === 0n ? undefined : `the first range starts at ${from}, not 0`;
  if (from === prev.xidFrom && to === prev.xidTo) {
    return BigInt(row.seal_event_id) > prev.eventId ? undefined : 'events within a range are not in id order';
  }
  return from === prev.xidTo ? undefined : `range [${from}, ${to}) does not follow [${prev.xidFrom}, ${prev.xidTo})`;
}
