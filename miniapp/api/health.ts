import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Redis } from '../../services/platform/redis.js';
import type { Registry } from '../../services/platform/metrics.js';
import type { Heartbeats } from '../../services/platform/heartbeats.js';

const CHECK_TIMEOUT_MS = 2000;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The reason goes to the log, not to whoever asks: an error text can carry internal addresses.
async function check(work: () => Promise<unknown>, onError: (error: unknown) => void): Promise<string> {
  try {
    await within(CHECK_TIMEOUT_MS, work());
    return 'ok';
  } catch (error) {
    onError(error);
    return 'unavailable';
  }
}

export interface HealthDeps {
  db: DataSource;
  redis: Redis;
  metrics: Registry;
  /** The loops this process runs (worker role); a loop that stopped completing rounds makes it not ready. */
  heartbeats?: Pick<Heartbeats, 'stale'>;
}

/** Liveness, readiness (Postgres and Redis answer) and Prometheus metrics; every role serves these. */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const failed = (what: string) => (error: unknown) => request.log.warn({ err: error }, `readiness: ${what} did not answer`);
    const [postgres, redis] = await Promise.all([check(() => deps.db.query('SELECT 1'), failed('Postgres')), check(() => deps.redis.ping(), failed('Redis'))]);
    const stale = deps.heartbeats?.stale() ?? [];
    const loops = stale.length ? `stalled: ${stale.map((s) => `${s.loop} (${Math.round(s.ageMs / 1000)} s)`).join(', ')}` : 'ok';
    const ready = postgres === 'ok' && redis === 'ok' && loops === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', postgres, redis, loops });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
