import type { Redis } from '../services/platform/redis.js';
import type { Logger } from '../services/platform/logger.js';
import type { Registry } from '../services/platform/metrics.js';
import type { Clock } from '../services/platform/clock.js';
import type { History } from '../services/history/index.js';
import type { Notifications } from '../services/notifications/index.js';
import type { Groups } from '../services/groups/index.js';
import { startScheduledJobs } from './scheduled-jobs.js';
import type { Heartbeats } from '../services/platform/heartbeats.js';
import type { Analytics } from '../services/analytics/index.js';
import { startRaidJobs, sweepRaids, type RaidJobDeps } from './raid-jobs.js';
import type { Deposits } from '../services/deposits/index.js';
import type { ChainConfig } from '../services/platform/chains.js';
import { depositScanJobs } from './deposit-jobs.js';
import type { Withdrawals } from '../services/withdrawals/index.js';
import { withdrawalPayJobs } from './withdrawal-jobs.js';
import type { Feeds, Kols } from '../services/x-feeds/index.js';
import { feedPollJob } from './feed-jobs.js';
import { kolJobs } from './kol-jobs.js';

export interface WorkerDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  metrics: Registry;
  clock: Clock;
  history: Pick<History, 'seal'>;
  notifications: Pick<Notifications, 'startDispatcher' | 'startDelivery' | 'prune'>;
  groups: Pick<Groups, 'refreshAll'>;
  raids: RaidJobDeps['raids'];
  analytics: Pick<Analytics, 'flushActivity'>;
  validate?: RaidJobDeps['validate'];
  settlePayouts?: RaidJobDeps['settlePayouts'];
  historySealIntervalMs: number;
  outboxDispatchIntervalMs: number;
  deliveryConcurrency?: number;
  /** How long 5xx and network errors are retried (config OUTBOX_RETRY_FOR_MS). */
  outboxRetryForMs: number;
  outboxRetentionDays: number;
  /** Cron pattern (UTC) of the daily admin refresh. */
  adminRefreshPattern?: string;
  /** This database's id (services/platform/installation.ts). */
  installation: string;
  /** Where this role's loops beat, for /readyz and the stall alerts. */
  heartbeats: Heartbeats;
  raidSweepIntervalMs: number;
  /** How often the job schedulers are registered again in Redis (they are also re-registered on reconnect). */
  schedulerRefreshMs?: number;
  /** The deposit scanner and the chains it scans, one job each every `everyMs`; absent: no chains to scan. */
  deposits?: { scanner: Pick<Deposits, 'scanChain'>; chains: readonly ChainConfig[]; everyMs: number };
  /** The X feeds poller, a pass every `everyMs`; absent: feeds off (no X). */
  feeds?: { poller: Pick<Feeds, 'pollDue' | 'launchAutoRaids' | 'pollMentions'>; everyMs: number };
  /** KOL tracking: searches every `searchEveryMs`, hourly refreshes and digests; absent: off (no X). */
  kols?: { tracker: Pick<Kols, 'searchDue' | 'refreshDue' | 'sendDueDigests'>; searchEveryMs: number };
  /** The withdrawal worker and the chains it pays on, one job each every `everyMs`; absent: withdrawals off. */
  withdrawals?: { payer: Pick<Withdrawals, 'payChain'>; chains: readonly ChainConfig[]; everyMs: number };
}

/** The worker role: the outbox dispatcher and delivery, the history sealer and the daily refreshes. */
export async function startWorkers(deps: WorkerDeps): Promise<{ close(): Promise<void> }> {
  const log = deps.log.child({ role: 'worker' });
  const dispatcher = deps.notifications.startDispatcher({ intervalMs: deps.outboxDispatchIntervalMs, onRound: () => deps.heartbeats.beat('outbox-dispatch') });
  deps.heartbeats.watch('outbox-dispatch', Math.max(60_000, 20 * deps.outboxDispatchIntervalMs));
  const delivery = deps.notifications.startDelivery({ concurrency: deps.deliveryConcurrency ?? 50, retryForMs: deps.outboxRetryForMs });
  const scheduled = await startScheduledJobs({
    queueName: 'scheduled',
    connection: deps.redis,
    prefix: deps.prefix,
    log,
    metrics: deps.metrics,
    heartbeats: deps.heartbeats,
    ...(deps.schedulerRefreshMs ? { refreshMs: deps.schedulerRefreshMs } : {}),
    jobs: [
      // Their work is in Postgres, so they run here too if Redis lost their schedulers.
      { name: 'history-seal', repeat: { every: deps.historySealIntervalMs }, run: () => deps.history.seal(), fallbackAfterMs: Math.max(10_000, 5 * deps.historySealIntervalMs) },
      {
        name: 'groups-refresh-admins',
        repeat: { pattern: deps.adminRefreshPattern ?? '17 3 * * *', tz: 'UTC' },
        run: async () => log.info({ outcome: await deps.groups.refreshAll() }, 'daily admin refresh done'),
      },
      { name: 'analytics-flush-activity', repeat: { every: 60_000 }, run: () => deps.analytics.flushActivity() },
      {
        name: 'outbox-prune',
        repeat: { pattern: '41 4 * * *', tz: 'UTC' },
        run: async () => log.info({ deleted: await deps.notifications.prune(deps.outboxRetentionDays) }, 'finished outbox messages pruned'),
      },
      { name: 'raids-sweep', repeat: { every: deps.raidSweepIntervalMs }, run: () => sweepRaids(deps, log), fallbackAfterMs: 3 * deps.raidSweepIntervalMs },
      ...(deps.deposits ? depositScanJobs({ deposits: deps.deposits.scanner, chains: deps.deposits.chains, everyMs: deps.deposits.everyMs, log }) : []),
      ...(deps.feeds ? [feedPollJob({ feeds: deps.feeds.poller, everyMs: deps.feeds.everyMs, log })] : []),
      ...(deps.kols ? kolJobs({ kols: deps.kols.tracker, searchEveryMs: deps.kols.searchEveryMs, log }) : []),
      ...(deps.withdrawals ? withdrawalPayJobs({ withdrawals: deps.withdrawals.payer, chains: deps.withdrawals.chains, everyMs: deps.withdrawals.everyMs, log }) : []),
    ],
  });
  const raidJobs = startRaidJobs({
    redis: deps.redis,
    prefix: deps.prefix,
    log,
    metrics: deps.metrics,
    clock: deps.clock,
    raids: deps.raids,
    installation: deps.installation,
    ...(deps.validate ? { validate: deps.validate } : {}),
  });
  log.info('worker role started');
  return {
    async close() {
      await scheduled.close();
      await raidJobs.close();
      await dispatcher.stop();
      await delivery.close();
    },
  };
}
