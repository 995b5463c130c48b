import { Queue, Worker, type JobSchedulerTemplateOptions, type RepeatOptions } from 'bullmq';
import type { Redis } from '../services/platform/redis.js';
import type { Logger } from '../services/platform/logger.js';
import { queueOptions, workerOptions } from '../services/platform/queues.js';
import { counter, histogram, type Registry } from '../services/platform/metrics.js';

export interface ScheduledJob {
  /** Scheduler id and job name; one scheduler per id however many workers run. */
  name: string;
  repeat: Omit<RepeatOptions, 'key'>;
  run(): Promise<unknown>;
}

/** Binds service functions to BullMQ job schedulers on one queue. Thin on purpose: no business logic. */
export async function startScheduledJobs(options: {
  queueName: string;
  connection: Redis;
  prefix: string;
  log: Logger;
  metrics: Registry;
  jobs: ScheduledJob[];
}): Promise<{ close(): Promise<void>; queue: Queue }> {
  const { queueName, connection, prefix, log, jobs } = options;
  const completed = counter(options.metrics, 'warhorn_jobs_completed_total', 'Jobs finished', ['queue', 'job']);
  const failed = counter(options.metrics, 'warhorn_jobs_failed_total', 'Jobs that threw', ['queue', 'job']);
  const seconds = histogram(options.metrics, 'warhorn_job_seconds', 'Time a job ran', ['queue', 'job']);
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const queue = new Queue(queueName, queueOptions(connection, prefix));
  const template: JobSchedulerTemplateOptions = { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 }, attempts: 1 };
  for (const job of jobs) await queue.upsertJobScheduler(job.name, job.repeat, { name: job.name, opts: template });
  const worker = new Worker(
    queueName,
    async (job) => {
      const scheduled = byName.get(job.name);
      if (!scheduled) throw new Error(`no handler for job ${job.name}`);
      const end = seconds.startTimer({ queue: queueName, job: job.name });
      try {
        return await scheduled.run();
      } finally {
        end();
      }
    },
    workerOptions(connection, prefix, { concurrency: jobs.length }),
  );
  worker.on('completed', (job) => completed.inc({ queue: queueName, job: job.name }));
  worker.on('failed', (job, error) => {
    failed.inc({ queue: queueName, job: job?.name ?? 'unknown' });
    log.error({ err: error, job: job?.name }, 'scheduled job failed');
  });
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
