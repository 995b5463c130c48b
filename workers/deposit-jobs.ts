import type { ChainConfig } from '../services/platform/chains.js';
import type { Logger } from '../services/platform/logger.js';
import type { Deposits } from '../services/deposits/index.js';
import type { ScheduledJob } from './scheduled-jobs.js';

/** Passes per job at most: a scanner far behind catches up range by range without one job running for hours. */
const MAX_PASSES_PER_JOB = 50;

/**
 * One repeatable job per configured chain (`deposits-scan:<chainId>`): passes of the scanner until it reaches
 * the head. Thin on purpose: the scanner keeps its cursor in Postgres, so a job that dies resumes from the
 * last committed range, and two runs of one chain at once (two worker replicas) are safe (the cursor is
 * claimed per transaction). In one process a chain's runs do not overlap.
 */
export function depositScanJobs(deps: { deposits: Pick<Deposits, 'scanChain'>; chains: readonly ChainConfig[]; everyMs: number; log: Logger }): ScheduledJob[] {
  return deps.chains.map((chain) => {
    let running = false;
    return {
      name: `deposits-scan:${chain.id}`,
      repeat: { every: deps.everyMs },
      // The cursor is in Postgres: if Redis lost the scheduler, this process scans anyway.
      fallbackAfterMs: Math.max(30_000, 5 * deps.everyMs),
      async run() {
        if (running) return { skipped: 'running' };
        running = true;
        try {
          let total = { passes: 0, seen: 0, credited: 0, reorgs: 0, reversed: 0, head: 0, to: null as number | null };
          for (let i = 0; i < MAX_PASSES_PER_JOB; i++) {
            const pass = await deps.deposits.scanChain(chain);
            total = {
              passes: total.passes + 1, seen: total.seen + pass.seen, credited: total.credited + pass.credited, reorgs: total.reorgs + pass.reorgs,
              reversed: total.reversed + pass.reversed, head: pass.head, to: pass.range?.to ?? total.to,
            };
            if (pass.caughtUp) break;
          }
          if (total.seen || total.credited || total.reorgs) deps.log.info({ chainId: chain.id, ...total }, 'deposit scan');
          return total;
        } finally {
          running = false;
        }
      },
    };
  });
}
