// Throughput of history appends from concurrent business transactions, and how long an event waits between
// its transaction committing and being chained, with a sealer running every ~100 ms as in production.
// Needs a DataSource with migrations applied. The events it writes are permanent (history is append-only):
// point it at a bench database, never a real one.
import type { DataSource } from 'typeorm';
import { createHistory } from '../services/history/index.js';
import { silentLogger } from '../services/platform/logger.js';
import { createMetrics } from '../services/platform/metrics.js';
import { sleep, systemClock } from '../services/platform/clock.js';

export interface HistoryBenchResult {
  appendsPerSecond: number;
  /** The same rows, the same transactions and concurrency, as a plain INSERT into a table with no index,
   * trigger or check beyond its primary key: what history's guarantees cost. */
  rawInsertsPerSecond: number;
  sealLagP50Ms: number;
  sealLagP99Ms: number;
  events: number;
}

const SEAL_INTERVAL_MS = 100;
/** After the append phase, wait at most this long for the last events to be sealed. */
const DRAIN_TIMEOUT_MS = 30_000;

export async function benchHistory(opts: { db: DataSource; durationMs: number; concurrency: number }): Promise<HistoryBenchResult> {
  const { db, durationMs, concurrency } = opts;
  const history = createHistory({ clock: systemClock, db, log: silentLogger(), metrics: createMetrics({ defaults: false }) });

  const committedAt = new Map<string, number>(); // event id -> commit time, until sealed
  const lags: number[] = [];
  let events = 0;

  // Start from the current head so only this run's seals are matched against its events.
  const [{ seq: startSeq }] = (await db.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM history.seals`)) as [{ seq: string }];
  let lastSeq = startSeq;

  async function sealOnce(): Promise<void> {
    await history.seal();
    const sealedAt = performance.now();
    const rows: Array<{ seq: string; event_id: string }> = await db.query(
      `SELECT s.seq::text AS seq, s.event_id::text AS event_id FROM history.seals s WHERE s.seq > $1::bigint ORDER BY s.seq`,
      [lastSeq],
    );
    for (const row of rows) {
      const committed = committedAt.get(row.event_id);
      if (committed !== undefined) {
        lags.push(sealedAt - committed);
        committedAt.delete(row.event_id);
      }
      lastSeq = row.seq;
    }
  }

  let appending = true;
  let sealing = true;
  const sealer = (async () => {
    while (sealing) {
      const started = performance.now();
      await sealOnce();
      await sleep(Math.max(0, SEAL_INTERVAL_MS - (performance.now() - started)));
    }
  })();

  const started = performance.now();
  const deadline = started + durationMs;
  const workers = Array.from({ length: concurrency }, async (_, worker) => {
    for (let n = 0; appending && performance.now() < deadline; n++) {
      const id = await db.transaction((tx) =>
        history.append(tx, {
          actor: { kind: 'system' },
          action: 'bench.appended',
          subject: { kind: 'bench', id: String(worker) },
          data: { worker, n },
        }),
      );
      // Recorded once the commit has returned: the lag is what a reader of the chain would see.
      committedAt.set(id, performance.now());
      events++;
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    appending = false;
  }
  const elapsedSeconds = (performance.now() - started) / 1000;

  const drainUntil = performance.now() + DRAIN_TIMEOUT_MS;
  while (committedAt.size > 0 && performance.now() < drainUntil) await sleep(SEAL_INTERVAL_MS);
  sealing = false;
  await sealer;
  if (committedAt.size > 0) throw new Error(`history bench: ${committedAt.size} events still unsealed after ${DRAIN_TIMEOUT_MS} ms`);

  lags.sort((a, b) => a - b);
  return {
    appendsPerSecond: events / elapsedSeconds,
    rawInsertsPerSecond: await rawInserts(db, durationMs, concurrency),
    sealLagP50Ms: percentile(lags, 0.5),
    sealLagP99Ms: percentile(lags, 0.99),
    events,
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** The baseline: the rows history.append would write, inserted as they are. */
async function rawInserts(db: DataSource, durationMs: number, concurrency: number): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS public.bench_raw_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_kind text NOT NULL, actor_id text, action text NOT NULL, subject_kind text NOT NULL,
    subject_id text NOT NULL, data jsonb NOT NULL)`);
  let rows = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        for (let n = 0; performance.now() < deadline; n++) {
          await db.transaction((tx) =>
            tx.query(
              `INSERT INTO public.bench_raw_events (actor_kind, actor_id, action, subject_kind, subject_id, data)
               VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id`,
              ['system', null, 'bench.appended', 'bench', String(worker), JSON.stringify({ worker, n })],
            ),
          );
          rows++;
        }
      }),
    );
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await db.query(`DROP TABLE public.bench_raw_events`);
  }
}
