import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Redis } from '../../services/platform/redis.js';
import type { Registry } from '../../services/platform/metrics.js';

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

async function check(work: () => Promise<unknown>): Promise<string> {
  try {
    await within(CHECK_TIMEOUT_MS, work());
    return 'ok';
  } catch (error) {
    return `unavailable: ${(error as Error).message}`;
  }
}

export interface HealthDeps {
  db: DataSource;
  redis: Redis;
  metrics: Registry;
}

/** Liveness, readiness (Postgres and Redis answer) and Prometheus metrics; every role serves these. */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [postgres, redis] = await Promise.all([check(() => deps.db.query('SELECT 1')), check(() => deps.redis.ping())]);
    const ready = postgres === 'ok' && redis === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', postgres, redis });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
