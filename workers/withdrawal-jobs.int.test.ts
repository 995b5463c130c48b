import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { freshDatabase, type TestDatabase } from '../test/support/database.js';
import { freshRedis, type TestRedis } from '../test/support/redis.js';
import { startLocalChain, type LocalChain } from '../testkit/chain/index.js';
import { systemClock } from '../services/platform/clock.js';
import { silentLogger } from '../services/platform/logger.js';
import { createMetrics } from '../services/platform/metrics.js';
import { createHeartbeats } from '../services/platform/heartbeats.js';
import { uid } from '../services/platform/telegram-ids.test-support.js';
import { linkWallet, localChainConfig, reward, usersOver, withdrawalsOver } from '../services/withdrawals/withdrawals.test-support.js';
import { startScheduledJobs } from './scheduled-jobs.js';
import { withdrawalPayJobs } from './withdrawal-jobs.js';

// The binding on real BullMQ, Redis and Postgres: one repeatable job per chain pays its requested
// withdrawals to the end, two chains side by side.
let db: TestDatabase;
let r: TestRedis;
const chains: LocalChain[] = [];

beforeAll(async () => {
  db = await freshDatabase('withdrawal_jobs');
  r = await freshRedis();
  chains.push(await startLocalChain({ chainId: 42_101 }), await startLocalChain({ chainId: 42_102 }));
});
afterAll(async () => {
  for (const c of chains) await c.close();
  await r.cleanup();
  await db.drop();
});

describe('withdrawal pay jobs', () => {
  it('pay each configured chain on its own repeatable job until its withdrawals are confirmed', async () => {
    const configs = chains.map((c) => localChainConfig(c, 0, []));
    const users = usersOver(db.dataSource, r.redis, r.prefix, systemClock);
    // One hot wallet address on both chains: the nonce counter is per chain.
    const h = withdrawalsOver(db.dataSource, systemClock, { chains: configs, hotWallet: chains[0]!.accounts[9]!, users });
    const member = uid(6_200_001);
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    await linkWallet(users, member, wallet);
    for (const [i, c] of chains.entries()) {
      const asset = { chainId: c.chainId, token: 'native' };
      await reward(h.ledger, `test:jobs:${i}`, member, asset, 10n ** 16n);
      const made = await h.withdrawals.request(member, { chainId: c.chainId, token: 'native', amount: 10n ** 15n * BigInt(i + 1), to: wallet.address, botId: 7 });
      expect(made.ok).toBe(true);
    }
    const metrics = createMetrics({ defaults: false });
    const jobs = await startScheduledJobs({
      queueName: 'withdrawals-test',
      connection: r.redis,
      prefix: r.prefix,
      log: silentLogger(),
      metrics,
      heartbeats: createHeartbeats(metrics, systemClock),
      jobs: withdrawalPayJobs({ withdrawals: h.withdrawals, chains: configs, everyMs: 100, log: silentLogger() }),
    });
    try {
      await expect.poll(async () => (await h.withdrawals.list(member)).items.map((w) => w.status), { timeout: 20_000, interval: 100 }).toEqual(['confirmed', 'confirmed']);
      for (const [i, c] of chains.entries()) expect(await c.nativeBalance(wallet.address)).toBe(10n ** 15n * BigInt(i + 1));
    } finally {
      await jobs.close();
      h.withdrawals.close();
    }
  });
});
