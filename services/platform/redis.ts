import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

export type { Redis };

/** BullMQ needs `maxRetriesPerRequest: null` on every connection it blocks on; we use it everywhere so one
 * connection factory serves both our own keys and the queues. */
export function createRedis(url: string, name = 'warhorn', options: { autoPipelining?: boolean; log?: Logger } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    // Fail fast on the first connect so a wrong REDIS_URL is reported at start-up instead of hanging.
    lazyConnect: false,
    // Commands issued in one turn of the event loop leave in one write (see composition.ts for which
    // connection has it: never BullMQ's, whose scripts were seen to misbehave with it).
    enableAutoPipelining: options.autoPipelining ?? false,
  });
  // Without a listener ioredis prints every failed reconnect attempt; one line per outage says enough.
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    options.log?.warn({ err: error, connection: name }, 'Redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (down) options.log?.info({ connection: name }, 'Redis connection back');
    down = false;
  });
  return redis;
}

/** Keys share one hash tag (`{warhorn}` by default) so multi-key scripts work on Redis Cluster. */
export function keyspace(prefix: string) {
  return (...parts: Array<string | number>) => [prefix, ...parts].join(':');
}
export type Keyspace = ReturnType<typeof keyspace>;
