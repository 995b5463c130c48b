// Appending is a plain INSERT inside the caller's transaction: no lock, no read of the chain head, so
// business transactions never queue behind each other for history. Chaining happens later (seal.ts).
import type { Tx } from '../platform/database.js';
import { ACTOR_KINDS, type HistoryEventInput } from './types.js';

const COLUMNS = 6;
// Postgres allows 65,535 bind parameters per statement.
const ROWS_PER_STATEMENT = 1_000;

/** Inserts the events in input order (one multi-row VALUES keeps that order for the identity) and returns their ids. */
export async function insertEvents(tx: Tx, events: readonly HistoryEventInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < events.length; start += ROWS_PER_STATEMENT) {
    const chunk = events.slice(start, start + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = chunk.map((event, i) => {
      params.push(...toRow(event, start + i));
      const b = i * COLUMNS;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb)`;
    });
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO history.events (actor_kind, actor_id, action, subject_kind, subject_id, data)
       VALUES ${tuples.join(', ')} RETURNING id`,
      params,
    );
    ids.push(...rows.map((r) => String(r.id)));
  }
  return ids;
}

/** Checks the input so a bad event fails in the caller's code with a clear message, not as a SQL error. */
function toRow(event: HistoryEventInput, index: number): unknown[] {
  const where = `history event #${index} (${String(event?.action)})`;
  if (!event || typeof event !== 'object') throw new TypeError(`${where}: not an object`);
  const { actor, action, subject, data } = event;
  if (!actor || !ACTOR_KINDS.includes(actor.kind)) throw new TypeError(`${where}: actor.kind must be one of ${ACTOR_KINDS.join(', ')}`);
  if (actor.id !== undefined && typeof actor.id !== 'string') throw new TypeError(`${where}: actor.id must be a string`);
  if (typeof action !== 'string' || action === '') throw new TypeError(`${where}: action must be a non-empty string`);
  if (!subject || typeof subject.kind !== 'string' || subject.kind === '' || typeof subject.id !== 'string') {
    throw new TypeError(`${where}: subject must be { kind: non-empty string, id: string }`);
  }
  if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data))) {
    throw new TypeError(`${where}: data must be a plain object`);
  }
  return [actor.kind, actor.id ?? null, action, subject.kind, subject.id, dataJson(data ?? {}, where)];
}

function dataJson(data: Record<string, unknown>, where: string): string {
  return JSON.stringify(data, (key, value: unknown) => {
    if (typeof value === 'bigint') throw new TypeError(`${where}: data.${key} is a bigint; pass it as a string`);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${where}: data.${key} is not a finite number`);
    return value;
  });
}
