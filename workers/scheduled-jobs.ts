import { Queue, UnrecoverableError, Worker, type JobSchedulerTemplateOptions, type RepeatOptions } from 'bullmq';
import type { Redis } from '../services/platform/redis.js';
import type { Logger } from '../services/platform/logger.js';
import type { Heartbeats } from '../services/platform/heartbeats.js';
import { queueOptions, workerOptions } from '../services/platform/queues.js';
import { counter, histogram, type Registry } from '../services/platform/metrics.js';

export interface ScheduledJob {
  /** Scheduler id and job name; one scheduler per id however many workers run. */
  name: string;
  repeat: Omit<RepeatOptions, 'key'>;
  run(): Promise<unknown>;
  /** Jobs whose work lives in Postgres (the sealer, the raid sweep) also run in this process when the
   * scheduler has not run them for this long: Redis, which keeps nothing on disk, may have lost it. */
  fallbackAfterMs?: number;
}

/** Binds service functions to BullMQ job schedulers on one queue. Thin on purpose: no business logic.
 * The schedulers live in Redis: they are registered again whenever the connection comes back (a restarted
 * Redis has none) and every `refreshMs`, and a job with `fallbackAfterMs` is run here when it is overdue. */
export async function startScheduledJobs(options: {
  queueName: string;
  connection: Redis;
  prefix: string;
  log: Logger;
  metrics: Registry;
  heartbeats: Heartbeats;
  jobs: ScheduledJob[];
  refreshMs?: number;
}): Promise<{ close(): Promise<void>; queue: Queue; register(): Promise<void> }> {
  const { queueName, connection, prefix, log, jobs, heartbeats } = options;
  const completed = counter(options.metrics, 'warhorn_jobs_completed_total', 'Jobs finished', ['queue', 'job']);
  const failed = counter(options.metrics, 'warhorn_jobs_failed_total', 'Jobs that threw', ['queue', 'job']);
  const fallbacks = counter(options.metrics, 'warhorn_jobs_fallback_runs_total', 'Scheduled jobs run in process because their scheduler had not run them', ['job']);
  const seconds = histogram(options.metrics, 'warhorn_job_seconds', 'Time a job ran', ['queue', 'job']);
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const queue = new Queue(queueName, queueOptions(connection, prefix));
  const template: JobSchedulerTemplateOptions = { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 }, attempts: 1 };

  // Upserting a scheduler that exists changes nothing, so this is safe to repeat at will.
  async function register(): Promise<void> {
    for (const job of jobs) await queue.upsertJobScheduler(job.name, job.repeat, { name: job.name, opts: template });
  }
  await register();

  const running = new Set<string>();
  async function runJob(job: ScheduledJob): Promise<unknown> {
    running.add(job.name);
    const end = seconds.startTimer({ queue: queueName, job: job.name });
    try {
      const result = await job.run();
      heartbeats.beat(job.name);
      return result;
    } finally {
      end();
      running.delete(job.name);
    }
  }

  const worker = new Worker(
    queueName,
    async (job) => {
      const scheduled = byName.get(job.name);
      // A scheduler this process has no job for (left in Redis by another version): no retry will find one.
      if (!scheduled) throw new UnrecoverableError(`no handler for job ${job.name}`);
      return runJob(scheduled);
    },
    workerOptions(connection, prefix, { concurrency: jobs.length }),
  );
  worker.on('completed', (job) => completed.inc({ queue: queueName, job: job.name }));
  worker.on('failed', (job, error) => {
    failed.inc({ queue: queueName, job: job?.name ?? 'unknown' });
    log.error({ err: error, job: job?.name }, 'scheduled job failed');
  });

  const reregister = (why: string) =>
    register().then(
      () => log.debug({ why }, 'job schedulers registered'),
      (error: unknown) => log.warn({ err: error, why }, 'could not register the job schedulers; will try again'),
    );
  // The first 'ready' is the connection's own start; every later one is a reconnect, maybe to an empty Redis.
  let connectedOnce = connection.status === 'ready';
  const onReady = () => {
    if (connectedOnce) void reregister('redis reconnected');
    connectedOnce = true;
  };
  connection.on('ready', onReady);

  for (const job of jobs) if (job.fallbackAfterMs !== undefined) heartbeats.watch(job.name, job.fallbackAfterMs * 2);
  const watchdog = setInterval(() => {
    void reregister('periodic');
    for (const job of jobs) {
      if (job.fallbackAfterMs === undefined || running.has(job.name) || heartbeats.age(job.name) <= job.fallbackAfterMs) continue;
      fallbacks.inc({ job: job.name });
      log.warn({ job: job.name, sinceMs: heartbeats.age(job.name) }, 'scheduled job overdue; running it here');
      runJob(job).catch((error: unknown) => log.error({ err: error, job: job.name }, 'scheduled job failed (run in process)'));
    }
  }, options.refreshMs ?? 30_000);

  return {
    queue,
    register,
    async close() {
      clearInterval(watchdog);
      connection.off('ready', onReady);
      await worker.close();
      await queue.close();
    },
  };
}
