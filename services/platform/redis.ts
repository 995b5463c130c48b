import { Redis } from 'ioredis';

export type { Redis };

/** BullMQ needs `maxRetriesPerRequest: null` on every connection it blocks on; we use it everywhere so one
 * connection factory serves both our own keys and the queues. */
export function createRedis(url: string, name = 'warhorn', options: { autoPipelining?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    // Fail fast on the first connect so a wrong REDIS_URL is reported at start-up instead of hanging.
    lazyConnect: false,
    // Commands issued in one turn of the event loop leave in one write (see composition.ts for which
    // connection has it: never BullMQ's, whose scripts were seen to misbehave with it).
    enableAutoPipelining: options.autoPipelining ?? false,
  });
}

/** Keys share one hash tag (`{warhorn}` by default) so multi-key scripts work on Redis Cluster. */
export function keyspace(prefix: string) {
  return (...parts: Array<string | number>) => [prefix, ...parts].join(':');
}
export type Keyspace = ReturnType<typeof keyspace>;
