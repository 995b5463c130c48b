// What the history tests share: sealing everything, and tampering as a superuser would.
import type { DataSource } from 'typeorm';
import { sleep } from '../platform/clock.js';
import type { History } from './index.js';

/** Events with no seal row, counted directly (independent of the service's own bookkeeping). */
export async function unsealedCount(db: DataSource): Promise<number> {
  const [row] = await db.query(
    `SELECT count(*)::int AS n FROM history.events e WHERE NOT EXISTS (SELECT 1 FROM history.seals s WHERE s.event_id = e.id)`,
  );
  return row.n;
}

/**
 * Seals until every committed event is chained. Test files run in parallel against the same Postgres cluster,
 * and xids are cluster-wide: a short transaction in another file can hold the bound back for a moment, so
 * this retries instead of assuming one seal() catches everything.
 */
export async function sealAll(history: History, db: DataSource): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    await history.seal();
    if ((await unsealedCount(db)) === 0) return;
    await sleep(20);
  }
  throw new Error('events stayed unsealed');
}

/** Runs SQL as a superuser with user triggers (our append-only guards) switched off, as an attacker could. */
export async function tamper(db: DataSource, sql: string, params: unknown[] = []): Promise<void> {
  const qr = db.createQueryRunner();
  try {
    await qr.query(`SET session_replication_role = replica`);
    await qr.query(sql, params);
  } finally {
    await qr.query(`RESET session_replication_role`);
    await qr.release();
  }
}
