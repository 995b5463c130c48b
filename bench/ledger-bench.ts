// Postings per second through the ledger's front door (checks, account lookup, posting, history event, lines
// with their balance triggers, the deferred balance check at commit), 16 concurrent writers:
// - distinct: each writer pays out of its own group's balance, so nothing waits on anything else;
// - shared: every writer pays out of one group's balance, so they queue on its row lock (held from the
//   lines' insert to the commit): the ceiling of one hot account.
// Needs a DataSource with migrations applied; the postings are permanent (append-only): a bench database only.
import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../services/platform/clock.js';
import { NATIVE, deposit, group, ledgerOver, member } from '../services/ledger/ledger.test-support.js';

export interface LedgerBenchRun {
  postingsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  postings: number;
}

export interface LedgerBenchResult {
  /** The round with the median rate of each (the machine is shared: single runs here vary by half). */
  distinct: LedgerBenchRun;
  shared: LedgerBenchRun;
  concurrency: number;
  rounds: number;
}

/** `rounds` pairs of runs of `durationMs` each, distinct and shared alternating, so a burst of other load on
 * the machine hits both alike. */
export async function benchLedger(opts: { db: DataSource; durationMs: number; concurrency: number; rounds?: number }): Promise<LedgerBenchResult> {
  const { db, durationMs, concurrency } = opts;
  const rounds = opts.rounds ?? 3;
  const ledger = ledgerOver(db, systemClock);
  const run = randomBytes(4).toString('hex');
  const plenty = 10n ** 30n;
  const groups = Array.from({ length: concurrency }, (_, w) => `bench-${run}-g${w}`);
  const shared = `bench-${run}-shared`;
  for (const g of [...groups, shared]) await deposit(ledger, `bench-${run}-dep-${g}`, g, plenty);

  async function measure(label: string, round: number, groupOf: (worker: number) => string): Promise<LedgerBenchRun> {
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const t0 = performance.now();
          await ledger.post({
            idempotencyKey: `bench-${run}-${label}-${round}-${worker}-${n}`,
            kind: 'reward',
            lines: [
              { account: group(groupOf(worker)), asset: NATIVE, amount: -1_000_000_000_000_000n },
              { account: member(`bench-${run}-m${worker}`), asset: NATIVE, amount: 1_000_000_000_000_000n },
            ],
            reference: { worker, n },
          });
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { postingsPerSecond: latencies.length / seconds, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), postings: latencies.length };
  }

  const distinct: LedgerBenchRun[] = [];
  const sharedRuns: LedgerBenchRun[] = [];
  for (let round = 0; round < rounds; round++) {
    distinct.push(await measure('distinct', round, (w) => groups[w]!));
    sharedRuns.push(await measure('shared', round, () => shared));
  }
  return { distinct: median(distinct), shared: median(sharedRuns), concurrency, rounds };
}

function median(runs: LedgerBenchRun[]): LedgerBenchRun {
  return [...runs].sort((a, b) => a.postingsPerSecond - b.postingsPerSecond)[Math.floor(runs.length / 2)]!;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
