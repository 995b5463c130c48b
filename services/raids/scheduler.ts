import { Queue } from 'bullmq';
import type { Redis } from '../platform/redis.js';
import { queueOptions } from '../platform/queues.js';
import type { Clock } from '../platform/clock.js';

export const RAIDS_QUEUE = 'raids';

export type RaidJob = { name: 'tick'; raidId: string } | { name: 'end'; raidId: string } | { name: 'validate'; raidId: string } | { name: 'unlock'; raidId: string };

/** What a raid job carries: the raid's id and the database it belongs to (platform/installation.ts). */
export interface RaidJobData {
  raidId: string;
  /** Absent on jobs scheduled before installations were named: those belong to this database. */
  installation?: string;
}

/** Delayed jobs carry only the raid id (and the database's); their job ids make a repeated schedule a no-op,
 * and the installation in them keeps another database's raid 1 from being taken for this one's. */
export function createRaidScheduler(connection: Redis, prefix: string, installation: string, clock: Clock, queueName = RAIDS_QUEUE) {
  const queue = new Queue<RaidJobData>(queueName, queueOptions(connection, prefix));
  return {
    queueName,
    async schedule(job: RaidJob, at: Date, key: string | number = ''): Promise<void> {
      const delay = Math.max(0, at.getTime() - clock.now().getTime());
      const jobId = `${job.name}-${installation}-${job.raidId}${key === '' ? '' : `-${key}`}`;
      await queue.add(job.name, { raidId: job.raidId, installation }, { jobId, delay });
    },
    close: () => queue.close(),
  };
}
export type RaidScheduler = ReturnType<typeof createRaidScheduler>;
