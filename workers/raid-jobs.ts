import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from '../services/platform/redis.js';
import type { Logger } from '../services/platform/logger.js';
import type { Clock } from '../services/platform/clock.js';
import { workerOptions } from '../services/platform/queues.js';
import { counter, type Registry } from '../services/platform/metrics.js';
import type { RaidJobData, Raids } from '../services/raids/index.js';
import { XRateLimitedError, XRequestError, XUnavailableError } from '../services/x/index.js';

export interface RaidJobDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  metrics: Registry;
  /** When a deferred job may run again at the earliest. */
  clock: Clock;
  raids: Pick<Raids, 'queueName' | 'tick' | 'end' | 'unlock' | 'restore' | 'leftBehind' | 'ensureJobs'>;
  /** Validation of an ended raid (absent until the validation service is wired). */
  validate?: (raidId: string) => Promise<unknown>;
  /** Settles funded pools whose payout is due (a review window ended: no job marks that); absent when money is off. */
  settlePayouts?: () => Promise<void>;
  concurrency?: number;
  /** This database's id: a job naming another one is left over from an earlier database on this Redis. */
  installation: string;
}

/** When X asks us to come back later, the job waits for that time instead of failing: a raid's validation
 * is delayed, never decided on missing data. */
function retryTime(error: unknown): Date | null {
  if (error instanceof XRateLimitedError) return error.resetAt;
  if (error instanceof XUnavailableError) return error.retryAt;
  return null;
}

/** A failure no retry can mend: BullMQ fails the job on this attempt instead of spending its five. */
function unrecoverable(message: string, cause?: unknown): UnrecoverableError {
  const error = new UnrecoverableError(message);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/** X refused the request itself (400, 401 for an invalid or revoked token, 403): the same request gets
 * the same answer. 429, 5xx, timeouts and an open circuit are XRateLimitedError / XUnavailableError and
 * wait; 404 is not an error (the post is gone, and validation judges that). */
function permanent(error: unknown): error is XRequestError {
  return error instanceof XRequestError;
}

/** Binds the raids queue's jobs (tick, end, unlock, validate) to the services. No business logic here. */
export function startRaidJobs(deps: RaidJobDeps): { close(): Promise<void> } {
  const deferred = counter(deps.metrics, 'warhorn_raid_jobs_deferred_total', 'Raid jobs put off because X asked us to wait', ['job']);
  const stale = counter(deps.metrics, 'warhorn_raid_jobs_stale_total', 'Raid jobs of another database found on this Redis, and left alone', ['job']);
  const run = async (job: Job<RaidJobData>, token?: string) => {
    const { raidId, installation } = job.data;
    if (installation !== undefined && installation !== deps.installation) {
      // A fresh database beside old Redis (or a restore, or another deployment on the same prefix): its
      // raid with this id is not ours. It ends here, quietly; the raid it was for has its own jobs.
      stale.inc({ job: job.name });
      deps.log.info({ job: job.name, raidId, installation }, 'raid job of another database skipped');
      return;
    }
    try {
      switch (job.name) {
        case 'tick':
          return await deps.raids.tick(raidId);
        case 'end':
          return await deps.raids.end(raidId, 'time');
        case 'unlock':
          return await deps.raids.unlock(raidId);
        case 'validate':
          // Without X credentials there is no validation in any process of this deployment.
          if (!deps.validate) throw unrecoverable('validation is not available in this process');
          // The result stays in Postgres; the job returns nothing (its summary holds bigints JSON cannot carry).
          await deps.validate(raidId);
          return;
        default:
          throw unrecoverable(`unknown raid job ${job.name}`);
      }
    } catch (error) {
      if (permanent(error)) throw unrecoverable(error.message, error);
      const at = retryTime(error);
      if (!at || !token) throw error;
      deferred.inc({ job: job.name });
      deps.log.warn({ raidId, job: job.name, until: at.toISOString(), reason: (error as Error).message }, 'raid job deferred');
      await job.moveToDelayed(Math.max(at.getTime(), deps.clock.now().getTime() + 1000), token);
      throw new DelayedError();
    }
  };
  const worker = new Worker(deps.raids.queueName, run, workerOptions(deps.redis, deps.prefix, { concurrency: deps.concurrency ?? 20 }));
  worker.on('failed', (job, error) => deps.log.error({ err: error, job: job?.name, raidId: job?.data.raidId }, 'raid job failed'));
  return { close: () => worker.close() };
}

/** Finishes raids their jobs left behind (jobs live in Redis, which may lose them): ends overdue raids,
 * unlocks chats, validates raids whose validation never ran, and schedules running raids' ticks and end
 * again so that a raid whose jobs Redis lost still ends on time. Each step is one a job would have done,
 * and each is safe to repeat. */
export async function sweepRaids(deps: Pick<RaidJobDeps, 'raids' | 'validate' | 'settlePayouts'>, log: Logger): Promise<void> {
  const found = await deps.raids.leftBehind();
  const attempt = async (what: string, raidId: string, step: () => Promise<unknown>) => {
    log.warn({ raidId, what }, 'raid left behind by its jobs; finishing it');
    try {
      await step();
    } catch (error) {
      log.warn({ raidId, what, reason: (error as Error).message }, 'could not finish the raid yet; next sweep tries again');
    }
  };
  for (const id of found.overdue) await attempt('end', id, () => deps.raids.end(id, 'time'));
  for (const id of found.locked) await attempt('unlock', id, () => deps.raids.unlock(id));
  for (const id of found.restores) await attempt('restore', id, () => deps.raids.restore(id));
  if (deps.validate) for (const id of found.unvalidated) await attempt('validate', id, () => deps.validate!(id));
  if (deps.settlePayouts) await deps.settlePayouts().catch((error: unknown) => log.warn({ reason: (error as Error).message }, 'could not settle due pools; next sweep tries again'));
  // Quietly: for running raids this is a no-op unless Redis lost their jobs.
  for (const id of found.running) {
    await deps.raids.ensureJobs(id).catch((error: unknown) => log.warn({ raidId: id, reason: (error as Error).message }, 'could not check the raid\'s jobs; next sweep tries again'));
  }
}
