import type { Logger } from '../services/platform/logger.js';
import type { Feeds } from '../services/x-feeds/index.js';
import type { ScheduledJob } from './scheduled-jobs.js';

/** Passes per job at most: a backlog (after an outage, or at midnight when caps lift) drains over a few jobs. */
const MAX_PASSES_PER_JOB = 20;

/**
 * `feeds-poll`: passes of the poller until no account is due. Thin on purpose: cursors and leases are in
 * Postgres, so two worker replicas polling at once are safe and a job that dies loses nothing.
 */
export function feedPollJob(deps: { feeds: Pick<Feeds, 'pollDue' | 'launchAutoRaids' | 'pollMentions'>; everyMs: number; log: Logger }): ScheduledJob {
  let running = false;
  return {
    name: 'feeds-poll',
    repeat: { every: deps.everyMs },
    fallbackAfterMs: Math.max(30_000, 5 * deps.everyMs),
    async run() {
      if (running) return { skipped: 'running' };
      running = true;
      try {
        let total = { passes: 0, polled: 0, forwards: 0, costMicros: 0n };
        for (let i = 0; i < MAX_PASSES_PER_JOB; i++) {
          const pass = await deps.feeds.pollDue();
          total = { passes: total.passes + 1, polled: total.polled + pass.polled, forwards: total.forwards + pass.forwards, costMicros: total.costMicros + pass.costMicros };
          if (pass.paused || pass.polled === 0) break;
        }
        const mentions = await deps.feeds.pollMentions();
        // Posts the polls queued for auto-raids: launched right after the read that found them.
        const autoRaids = await deps.feeds.launchAutoRaids();
        const figures = { ...total, costMicros: total.costMicros.toString(), autoRaids, mentions: { ...mentions, costMicros: mentions.costMicros.toString() } };
        if (total.forwards || autoRaids.launched || mentions.relays) deps.log.info(figures, 'feeds polled');
        return figures;
      } finally {
        running = false;
      }
    },
  };
}
