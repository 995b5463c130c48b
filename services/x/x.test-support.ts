// Test helpers: a fresh database with this service's migration applied even before services/catalog.ts
// lists it, and a harness of X fake + Postgres + Redis that makes service instances on the fake's clock.
import https from 'node:https';
import { startXFake, type XFake } from '../../testkit/x/index.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { silentLogger, type Logger } from '../platform/logger.js';
import { createMetrics, type Registry } from '../platform/metrics.js';
import { createX, type X, type XConfig } from './index.js';
import { CreateUsage1764000005000 } from './migrations/create-usage-1764000005000.js';

export async function freshXDatabase(label: string): Promise<TestDatabase> {
  const db = await freshDatabase(label);
  const [{ exists }] = await db.dataSource.query(`SELECT to_regclass('x.usage') IS NOT NULL AS exists`);
  if (!exists) {
    const runner = db.dataSource.createQueryRunner();
    try {
      await new CreateUsage1764000005000().up(runner);
    } finally {
      await runner.release();
    }
  }
  return db;
}

export interface XHarness {
  fake: XFake;
  db: TestDatabase;
  r: TestRedis;
  /** A service instance with its own Redis keys (windows, daily dedupe), breaker and metrics. Waiting for
   * a rate-limit window moves the fake's clock instead of sleeping. */
  makeX(config?: Partial<XConfig>, options?: { log?: Logger }): { x: X; metrics: Registry };
  count(endpoint: string): number;
  close(): Promise<void>;
}

export async function startXHarness(label: string): Promise<XHarness> {
  const [fake, db, r] = await Promise.all([startXFake(), freshXDatabase(label), freshRedis()]);
  const agent = new https.Agent({ ca: fake.ca });
  let n = 0;
  return {
    fake,
    db,
    r,
    makeX(config = {}, options = {}) {
      const metrics = createMetrics({ defaults: false });
      const x = createX({
        db: db.dataSource,
        redis: r.redis,
        prefix: `${r.prefix}:${++n}`,
        log: options.log ?? silentLogger(),
        metrics,
        clock: fake.clock,
        config: {
          apiRoot: fake.apiRoot,
          bearerToken: fake.bearerToken,
          clientId: fake.clientId,
          clientSecret: fake.clientSecret,
          callbackUrl: 'https://bot.example/x/callback',
          ...config,
        },
        httpsAgent: agent,
        sleep: async (ms) => fake.clock.advance(ms),
      });
      return { x, metrics };
    },
    count: (endpoint) => fake.requestCounts()[endpoint] ?? 0,
    async close() {
      agent.destroy();
      await fake.close();
      await r.cleanup();
      await db.drop();
    },
  };
}

export async function metricValue(m: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = m.getSingleMetric(name);
  if (!metric) return 0;
  const found = (await metric.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return found?.value ?? 0;
}
