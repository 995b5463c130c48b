import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../test/support/database.js';
import { freshRedis, type TestRedis } from '../test/support/redis.js';
import { startLocalChain, type LocalChain } from '../testkit/chain/index.js';
import { systemClock } from '../services/platform/clock.js';
import { silentLogger } from '../services/platform/logger.js';
import { createMetrics } from '../services/platform/metrics.js';
import { createHeartbeats } from '../services/platform/heartbeats.js';
import { chainConfig, GROUP, scannerOver } from '../services/deposits/deposits.test-support.js';
import { startScheduledJobs } from './scheduled-jobs.js';
import { depositScanJobs } from './deposit-jobs.js';

// The binding on real BullMQ, Redis and Postgres: one repeatable job per chain scans it until a deposit is
// credited, two chains side by side.
let db: TestDatabase;
let r: TestRedis;
const chains: LocalChain[] = [];

beforeAll(async () => {
  db = await freshDatabase('deposit_jobs');
  r = await freshRedis();
  chains.push(await startLocalChain({ chainId: 42001 }), await startLocalChain({ chainId: 42002 }));
});
afterAll(async () => {
  for (const c of chains) await c.close();
  await r.cleanup();
  await db.drop();
});

describe('deposit scan jobs', () => {
  it('scan each configured chain on its own repeatable job and credit its deposits', async () => {
    const scanner = scannerOver(db.dataSource, systemClock);
    const configs = chains.map((c) => chainConfig(c.chainId, c.rpcUrl, 2, []));
    for (const c of chains) scanner.watched.push({ address: c.accounts[4]!.address, chatId: GROUP });
    const metrics = createMetrics({ defaults: false });
    const jobs = await startScheduledJobs({
      queueName: 'deposits-test',
      connection: r.redis,
      prefix: r.prefix,
      log: silentLogger(),
      metrics,
      heartbeats: createHeartbeats(metrics, systemClock),
      jobs: depositScanJobs({ deposits: scanner.deposits, chains: configs, everyMs: 100, log: silentLogger() }),
    });
    try {
      for (const [i, c] of chains.entries()) {
        await c.sendNative(c.accounts[1]!, c.accounts[4]!.address, BigInt(1000 + i));
        await c.mine(2);
      }
      for (const [i, config] of configs.entries()) {
        await expect
          .poll(() => scanner.ledger.balance({ kind: 'group_balance', owner: String(GROUP) }, { chainId: config.id, token: 'native' }), { timeout: 20_000, interval: 100 })
          .toBe(BigInt(1000 + i));
      }
    } finally {
      await jobs.close();
      scanner.deposits.close();
    }
  });
});
