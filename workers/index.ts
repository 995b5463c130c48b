import type { Redis } from '../services/platform/redis.js';
import type { Logger } from '../services/platform/logger.js';
import type { Registry } from '../services/platform/metrics.js';
import type { History } from '../services/history/index.js';
import type { Notifications } from '../services/notifications/index.js';
import type { Groups } from '../services/groups/index.js';
import { startScheduledJobs } from './scheduled-jobs.js';
import type { Analytics } from '../services/analytics/index.js';
import { startRaidJobs, sweepRaids, type RaidJobDeps } from './raid-jobs.js';

export interface WorkerDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  metrics: Registry;
  history: Pick<History, 'seal'>;
  notifications: Pick<Notifications, 'startDispatcher' | 'startDelivery'>;
  groups: Pick<Groups, 'refreshAll'>;
  raids: RaidJobDeps['raids'];
  analytics: Pick<Analytics, 'flushActivity'>;
  validate?: RaidJobDeps['validate'];
  historySealIntervalMs: number;
  outboxDispatchIntervalMs: number;
  deliveryConcurrency?: number;
  /** Cron pattern (UTC) of the daily admin refresh. */
  adminRefreshPattern?: string;
  /** This database's id (services/platform/installation.ts). */
  installation: string;
}

/** The worker role: the outbox dispatcher and delivery, the history sealer and the daily refreshes. */
export async function startWorkers(deps: WorkerDeps): Promise<{ close(): Promise<void> }> {
  const log = deps.log.child({ role: 'worker' });
  const dispatcher = deps.notifications.startDispatcher({ intervalMs: deps.outboxDispatchIntervalMs });
  const delivery = deps.notifications.startDelivery({ concurrency: deps.deliveryConcurrency ?? 50 });
  const scheduled = await startScheduledJobs({
    queueName: 'scheduled',
    connection: deps.redis,
    prefix: deps.prefix,
    log,
    metrics: deps.metrics,
    jobs: [
      { name: 'history-seal', repeat: { every: deps.historySealIntervalMs }, run: () => deps.history.seal() },
      {
        name: 'groups-refresh-admins',
        repeat: { pattern: deps.adminRefreshPattern ?? '17 3 * * *', tz: 'UTC' },
        run: async () => log.info({ outcome: await deps.groups.refreshAll() }, 'daily admin refresh done'),
      },
      { name: 'analytics-flush-activity', repeat: { every: 60_000 }, run: () => deps.analytics.flushActivity() },
      { name: 'raids-sweep', repeat: { every: 60_000 }, run: () => sweepRaids(deps, log) },
    ],
  });
  const raidJobs = startRaidJobs({
    redis: deps.redis,
    prefix: deps.prefix,
    log,
    metrics: deps.metrics,
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
