import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

export type { Redis };

/** BullMQ needs `maxRetriesPerRequest: null` on every connection it blocks on; we use it everywhere so one
 * connection factory serves both our own keys and the queues. */
export interface RedisOptions {
  autoPipelining?: boolean;
  log?: Logger;
  /** A command not answered within this fails ("Command timed out") instead of waiting for ever on a
   * connection that stopped carrying; and while disconnected, commands fail at once instead of queueing.
   * For callers that must answer in time (an update: the webhook answers 500 and Telegram comes back),
   * never for BullMQ's connection, whose workers block and which must ride out a reconnect. */
  deadlineMs?: number;
}


export function createRedis(url: string, name = 'warhorn', options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    // Fail fast on the first connect so a wrong REDIS_URL is reported at start-up instead of hanging.
    lazyConnect: false,
    // A connection can die without a word (a NAT or firewall forgot it): the socket stays open and nothing
    // comes back. With a command waiting and no byte for 20 s, ioredis closes it and connects again. Longer
    // than any blocking call BullMQ makes (at most 10 s), and copied to the connections BullMQ duplicates.
    socketTimeout: 20_000,
    keepAlive: 10_000,
    // With a deadline, a command its caller gave up on must not run later either: ioredis would otherwise send
    // it again on the next connection (a processed-update mark set after the webhook already answered 500).
    ...(options.deadlineMs ? { commandTimeout: options.deadlineMs, enableOfflineQueue: false, autoResendUnfulfilledCommands: false } : {}),
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

/** Resolves once the connection is ready (a connection with a deadline fails commands sent before). */
export function whenReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis connection not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** Keys share one hash tag (`{warhorn}` by default) so multi-key scripts work on Redis Cluster. */
export function keyspace(prefix: string) {
  return (...parts: Array<string | number>) => [prefix, ...parts].join(':');
}
export type Keyspace = ReturnType<typeof keyspace>;
