// The one way events are read for hashing, shared by seal.ts and verify.ts so both hash identical inputs.
import type { EventRecord } from './canonical.js';

/**
 * Select list over `history.events e`. Everything comes back as text computed in SQL: the id and timestamp
 * as integers (occurred_at as epoch microseconds, exact since Postgres 14 where extract returns numeric,
 * and independent of the session time zone), the data as jsonb text for canonicalJson.
 */
export const EVENT_COLUMNS = `
  e.id::text                                              AS id,
  (extract(epoch FROM e.occurred_at) * 1000000)::bigint::text AS occurred_us,
  e.actor_kind, e.actor_id, e.action, e.subject_kind, e.subject_id,
  e.data::text                                            AS data,
  e.xid::text                                             AS xid`;

export interface EventRow {
  id: string;
  occurred_us: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  subject_kind: string;
  subject_id: string;
  data: string;
  xid: string;
}

export function toRecord(row: EventRow, seq: bigint): EventRecord {
  return {
    seq: seq.toString(),
    id: row.id,
    occurredAtUs: row.occurred_us,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    dataJson: row.data,
  };
}
