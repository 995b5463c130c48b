import type { Logger } from '../services/platform/logger.js';
import type { Kols } from '../services/x-feeds/index.js';
import type { ScheduledJob } from './scheduled-jobs.js';

/** Passes per job at most: a backlog (after an outage) drains over a few jobs. */
const MAX_PASSES_PER_JOB = 20;
const HOUR = 3_600_000;

/**
 * KOL tracking's jobs, thin on purpose: cursors, leases and digest claims are in Postgres, so two worker
 * replicas at once are safe and a job that dies loses nothing.
 * - `kols-search`: search passes until no query is due (each pass also brings the queries in step with the lists).
 * - `kols-refresh` (hourly): engagement re-reads until no post is due (each post at most every 6 h).
 * - `kols-digest` (hourly): the weekly digests, from Monday 09:00 UTC; an hourly look catches a missed Monday.
 */
export function kolJobs(deps: { kols: Pick<Kols, 'searchDue' | 'refreshDue' | 'sendDueDigests'>; searchEveryMs: number; log: Logger }): ScheduledJob[] {
  const { kols, log } = deps;
  return [
    single('kols-search', { every: deps.searchEveryMs }, Math.max(30_000, 5 * deps.searchEveryMs), async () => {
      let total = { passes: 0, searched: 0, mentions: 0, costMicros: 0n };
      for (let i = 0; i < MAX_PASSES_PER_JOB; i++) {
        const pass = await kols.searchDue();
        total = { passes: total.passes + 1, searched: total.searched + pass.searched, mentions: total.mentions + pass.mentions, costMicros: total.costMicros + pass.costMicros };
        if (pass.paused || pass.searched === 0) break;
      }
      if (total.mentions) log.info({ ...total, costMicros: total.costMicros.toString() }, 'KOL posts recorded');
      return { ...total, costMicros: total.costMicros.toString() };
    }),
    single('kols-refresh', { every: HOUR }, 3 * HOUR, async () => {
      let total = { passes: 0, refreshed: 0, gone: 0 };
      for (let i = 0; i < MAX_PASSES_PER_JOB; i++) {
        const pass = await kols.refreshDue();
        total = { passes: total.passes + 1, refreshed: total.refreshed + pass.refreshed, gone: total.gone + pass.gone };
        if (pass.paused || pass.asked === 0) break;
      }
      return total;
    }),
    single('kols-digest', { every: HOUR }, 3 * HOUR, async () => {
      const pass = await kols.sendDueDigests();
      if (pass.sent) log.info(pass, 'weekly KOL digests queued');
      return pass;
    }),
  ];
}

/** One run at a time per process: a slow pass must not overlap the next tick's. */
function single(name: string, repeat: ScheduledJob['repeat'], fallbackAfterMs: number, run: () => Promise<unknown>): ScheduledJob {
  let running = false;
  return {
    name,
    repeat,
    fallbackAfterMs,
    async run() {
      if (running) return { skipped: 'running' };
      running = true;
      try {
        return await run();
      } finally {
        running = false;
      }
    },
  };
}
