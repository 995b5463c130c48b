// Reads for the audit trail (Mini App): newest first, keyset-paginated by id, optionally for one subject.
import type { Tx } from '../platform/database.js';
import type { ActorKind, HistoryEvent, ListFilter } from './types.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export async function listEvents(tx: Tx, filter: ListFilter = {}): Promise<HistoryEvent[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.subjectKind !== undefined) add('e.subject_kind = ?', filter.subjectKind);
  if (filter.subjectId !== undefined) add('e.subject_id = ?', filter.subjectId);
  if (filter.beforeId !== undefined) {
    if (!/^[0-9]{1,19}$/.test(filter.beforeId)) throw new TypeError(`history.list: beforeId must be an integer string, got ${filter.beforeId}`);
    add('e.id < ?::bigint', filter.beforeId);
  }
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  params.push(limit);

  const rows: Array<{
    id: string;
    occurred_at: Date;
    actor_kind: ActorKind;
    actor_id: string | null;
    action: string;
    subject_kind: string;
    subject_id: string;
    data: Record<string, unknown>;
    seq: string | null;
  }> = await tx.query(
    `SELECT e.id::text, e.occurred_at, e.actor_kind, e.actor_id, e.action, e.subject_kind, e.subject_id, e.data,
            s.seq::text AS seq
       FROM history.events e
       LEFT JOIN history.seals s ON s.event_id = e.id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at.toISOString(),
    actor: r.actor_id === null ? { kind: r.actor_kind } : { kind: r.actor_kind, id: r.actor_id },
    action: r.action,
    subject: { kind: r.subject_kind, id: r.subject_id },
    data: r.data,
    seq: r.seq,
  }));
}
