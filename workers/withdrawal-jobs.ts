import type { ChainConfig } from '../services/platform/chains.js';
import type { Logger } from '../services/platform/logger.js';
import type { Withdrawals } from '../services/withdrawals/index.js';
import type { ScheduledJob } from './scheduled-jobs.js';

/** Passes per job at most: a long queue of requests is worked through batch by batch without one job
 * running for hours. */
const MAX_PASSES_PER_JOB = 20;

/**
 * One repeatable job per configured chain (`withdrawals-pay:<chainId>`): passes of the withdrawal worker
 * while it signs new batches. Thin on purpose: every step's state is in Postgres (signed bytes before any
 * broadcast), so a job that dies is resumed by the next, and two runs of one chain at once (two worker
 * replicas) are safe (nonces under the counter's row lock, one broadcaster per wallet). In one process a
 * chain's runs do not overlap.
 */
export function withdrawalPayJobs(deps: { withdrawals: Pick<Withdrawals, 'payChain'>; chains: readonly ChainConfig[]; everyMs: number; log: Logger }): ScheduledJob[] {
  return deps.chains.map((chain) => {
    let running = false;
    return {
      name: `withdrawals-pay:${chain.id}`,
      repeat: { every: deps.everyMs },
      // The work is in Postgres: if Redis lost the scheduler, this process pays anyway.
      fallbackAfterMs: Math.max(30_000, 5 * deps.everyMs),
      async run() {
        if (running) return { skipped: 'running' };
        running = true;
        try {
          const total = { passes: 0, signed: 0, sent: 0, confirmed: 0, failed: 0, rebroadcast: 0, open: 0 };
          for (let i = 0; i < MAX_PASSES_PER_JOB; i++) {
            const pass = await deps.withdrawals.payChain(chain);
            total.passes++;
            total.signed += pass.signed;
            total.sent += pass.sent;
            total.confirmed += pass.confirmed;
            total.failed += pass.failed;
            total.rebroadcast += pass.rebroadcast;
            total.open = pass.open;
            // Nothing new signed: what is left waits for blocks, which the next run finds.
            if (pass.signed === 0) break;
          }
          if (total.signed || total.sent || total.confirmed || total.failed || total.rebroadcast) deps.log.info({ chainId: chain.id, ...total }, 'withdrawal pass');
          return total;
        } finally {
          running = false;
        }
      },
    };
  });
}
