import type { QueueOptions, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Shared BullMQ options: one prefix (a hash tag, for Redis Cluster) and bounded job retention. */
export function queueOptions(connection: Redis, prefix: string): QueueOptions {
  return {
    connection,
    prefix,
    defaultJobOptions: {
      removeOnComplete: { count: 1000, age: 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
    },
  };
}

export function workerOptions(connection: Redis, prefix: string, extra: Partial<WorkerOptions> = {}): WorkerOptions {
  return { connection, prefix, ...extra };
}
