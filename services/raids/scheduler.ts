import { Queue } from 'bullmq';
import type { Redis } from '../platform/redis.js';
import { queueOptions } from '../platform/queues.js';

export const RAIDS_QUEUE = 'raids';

export type RaidJob = { name: 'tick'; raidId: string } | { name: 'end'; raidId: string } | { name: 'validate'; raidId: string } | { name: 'unlock'; raidId: string };

/** Delayed jobs carry only the raid id; their job ids make a repeated schedule a no-op. */
export function createRaidScheduler(connection: Redis, prefix: string, queueName = RAIDS_QUEUE) {
  const queue = new Queue(queueName, queueOptions(connection, prefix));
  return {
    queueName,
    async schedule(job: RaidJob, at: Date, key: string | number = ''): Promise<void> {
      const delay = Math.max(0, at.getTime() - Date.now());
      await queue.add(job.name, { raidId: job.raidId }, { jobId: `${job.name}-${job.raidId}${key === '' ? '' : `-${key}`}`, delay });
    },
    close: () => queue.close(),
  };
}
export type RaidScheduler = ReturnType<typeof createRaidScheduler>;
