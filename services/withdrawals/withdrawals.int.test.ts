import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { startLocalChain, type LocalChain, type TestTokenHandle } from '../../testkit/chain/index.js';
import { systemClock } from '../platform/clock.js';
import type { ChainConfig } from '../platform/chains.js';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';
import type { Users } from '../users/index.js';
import { driftedBalances, sumsPerAsset } from '../ledger/ledger.test-support.js';
import type { PayHooks } from './index.js';
import { linkWallet, localChainConfig, paymentsOnChain, reward, usersOver, withdrawalsOver, type WithdrawalsHarness } from './withdrawals.test-support.js';

// Withdrawals against real Postgres and Redis and a local chain (ganache): the worker is crashed at each step
// of its life by a test hook, a new instance (as after a restart) finishes the work, and the chain's own
// Transfer logs and value transfers are counted: each member is paid exactly once, the amounts right.

let db: TestDatabase;
let r: TestRedis;
let users: Users;
let nextChainId = 43_000;
let nextMember = 7_100_000;
const open: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  [db, r] = await Promise.all([freshDatabase('withdrawals'), freshRedis()]);
  users = usersOver(db.dataSource, r.redis, r.prefix, systemClock);
});
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});
afterAll(async () => {
  try {
    expect(Object.values(await sumsPerAsset(db.dataSource)).every((total) => total === '0')).toBe(true);
    expect(await driftedBalances(db.dataSource)).toEqual([]);
  } finally {
    await r?.cleanup();
    await db?.drop();
  }
});

interface Member {
  id: TelegramUserId;
  wallet: Wallet;
}

interface Setup {
  chain: LocalChain;
  usdt: TestTokenHandle;
  dai: TestTokenHandle;
  config: ChainConfig;
  hot: Wallet;
  members: Member[];
  harness(): WithdrawalsHarness;
  asset(t: TestTokenHandle | 'native'): { chainId: number; token: string };
}

const USDT_MIN = 1_000_000n; // 1 USDT
async function setup(options: { confirmations?: number; members?: number; hotUsdt?: bigint } = {}): Promise<Setup> {
  const chain = await startLocalChain({ chainId: nextChainId++ });
  open.push(chain);
  const usdt = await chain.deployToken('USDT', 6);
  const dai = await chain.deployToken('DAI', 18);
  // accounts[0] sends the testkit's own transactions (deploys, mints): the hot wallet is another account,
  // so its nonces are the worker's alone.
  const hot = chain.accounts[9]!;
  await chain.mint(usdt, hot.address, options.hotUsdt ?? 1_000_000_000n);
  await chain.mint(dai, hot.address, 10n ** 24n);
  const config = localChainConfig(chain, options.confirmations ?? 2, [
    { address: usdt.address, symbol: 'USDT', decimals: 6, minWithdrawal: String(USDT_MIN) },
    { address: dai.address, symbol: 'DAI', decimals: 18 },
  ]);
  const members: Member[] = [];
  for (let i = 0; i < (options.members ?? 4); i++) {
    const m = { id: telegramUserId(nextMember++), wallet: new Wallet(Wallet.createRandom().privateKey) };
    await linkWallet(users, m.id, m.wallet);
    members.push(m);
  }
  const asset = (t: TestTokenHandle | 'native') => ({ chainId: chain.chainId, token: t === 'native' ? 'native' : t.address.toLowerCase() });
  const harness = () => {
    const h = withdrawalsOver(db.dataSource, systemClock, { chains: [config], hotWallet: hot, users });
    open.push({ close: () => h.withdrawals.close() });
    return h;
  };
  return { chain, usdt, dai, config, hot, members, harness, asset };
}

/** Passes (mining a block after each, as time passes on a real chain) until nothing is open. */
async function payUntilDone(s: Setup, h: WithdrawalsHarness, maxPasses = 30) {
  const total = { signed: 0, sent: 0, confirmed: 0, failed: 0, rebroadcast: 0 };
  for (let i = 0; i < maxPasses; i++) {
    const pass = await h.withdrawals.payChain(s.config);
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += pass[k];
    if (pass.open === 0) return total;
    await s.chain.mine(1);
  }
  throw new Error('withdrawals still open');
}

type Step = keyof PayHooks;
const STEPS: Step[] = ['beforeSign', 'afterSign', 'afterBroadcast', 'beforeReceiptRecorded'];

describe('a withdrawal worker killed at each step of its life', () => {
  for (const step of STEPS) {
    it(`pays each member exactly once on chain when killed ${step}, and a restarted worker finishes`, async () => {
      const s = await setup();
      const first = s.harness();
      // Rewards: each member earned USDT and DAI; two of them native coin too.
      const wanted: Array<{ member: Member; token: TestTokenHandle | 'native'; amount: bigint }> = [];
      for (const [i, m] of s.members.entries()) {
        wanted.push({ member: m, token: s.usdt, amount: USDT_MIN * BigInt(i + 2) }, { member: m, token: s.dai, amount: 10n ** 18n * BigInt(i + 1) + 7n });
        if (i < 2) wanted.push({ member: m, token: 'native', amount: 10n ** 15n * BigInt(i + 1) });
      }
      for (const [i, w] of wanted.entries()) {
        await reward(first.ledger, `test:${s.chain.chainId}:${i}`, w.member.id, s.asset(w.token), w.amount * 2n);
        const made = await first.withdrawals.request(w.member.id, { chainId: s.chain.chainId, token: s.asset(w.token).token, amount: w.amount, to: w.member.wallet.address, botId: 7 });
        expect(made.ok).toBe(true);
      }
      // The crash: the hook throws at its step, on its first call; for the receipts on the second (one
      // withdrawal recorded, the others not). After the first broadcast is the hot wallet's nonce 0 sent
      // again by the restarted worker: the case ganache alone would run twice (the testkit refuses it as a
      // node does, testkit/chain/README.md).
      let calls = 0;
      const crashAt = step === 'beforeReceiptRecorded' ? 2 : 1;
      first.hooks[step] = () => {
        if (++calls === crashAt) throw new Error(`crash ${step}`);
      };
      let crashed = false;
      for (let i = 0; i < 10 && !crashed; i++) {
        try {
          await first.withdrawals.payChain(s.config);
          await s.chain.mine(1);
        } catch (error) {
          expect((error as Error).message).toBe(`crash ${step}`);
          crashed = true;
        }
      }
      expect(crashed).toBe(true);
      first.withdrawals.close();

      // After the restart: a new instance with no hooks.
      const second = s.harness();
      await payUntilDone(s, second);

      const paid = await paymentsOnChain(s.chain, s.hot.address, [s.usdt.address, s.dai.address]);
      const expected = new Map(wanted.map((w) => [`${s.asset(w.token).token}:${w.member.wallet.address}`, [w.amount]]));
      expect(paid).toEqual(expected);
      for (const w of wanted) {
        expect(await second.ledger.balance({ kind: 'member_rewards', owner: String(w.member.id) }, s.asset(w.token))).toBe(w.amount);
      }
      const items = (await Promise.all(s.members.map((m) => second.withdrawals.list(m.id)))).flatMap((p) => p.items);
      expect(items).toHaveLength(wanted.length);
      for (const item of items) {
        expect(item.status).toBe('confirmed');
        expect(await second.ledger.balance({ kind: 'withdrawals_in_flight', owner: item.id }, s.asset(item.token === 'native' ? 'native' : (item.token === s.usdt.address.toLowerCase() ? s.usdt : s.dai)))).toBe(0n);
      }
      // The books: what came from the chain as rewards, less what went back to it.
      const world = { kind: 'chain' as const, owner: 'world' };
      expect(await second.ledger.balance(world, s.asset(s.usdt))).toBe(-wanted.filter((w) => w.token === s.usdt).reduce((a, w) => a + w.amount, 0n));
      // Each member told once per withdrawal.
      const told: Array<{ dedupe_key: string }> = await db.dataSource.query(`SELECT dedupe_key FROM notifications.outbox WHERE dedupe_key = ANY($1)`, [items.map((i) => `withdraw-paid:${i.id}`)]);
      expect(told).toHaveLength(items.length);
    });
  }
});

describe('withdrawal requests', () => {
  it('refuses more than the balance (saying the balance), less than the minimum, an unlinked wallet and an unknown token; moves nothing', async () => {
    const s = await setup({ members: 1 });
    const h = s.harness();
    const [m] = s.members as [Member];
    await reward(h.ledger, `test:${s.chain.chainId}:r`, m.id, s.asset(s.usdt), 5_000_000n);
    const base = { chainId: s.chain.chainId, token: s.asset(s.usdt).token, to: m.wallet.address, botId: 7 };
    expect(await h.withdrawals.request(m.id, { ...base, amount: 6_000_000n })).toEqual({ ok: false, reason: 'insufficient_balance', balance: 5_000_000n });
    expect(await h.withdrawals.request(m.id, { ...base, amount: USDT_MIN - 1n })).toEqual({ ok: false, reason: 'below_minimum', minimum: USDT_MIN });
    expect(await h.withdrawals.request(m.id, { ...base, amount: 2_000_000n, to: Wallet.createRandom().address })).toEqual({ ok: false, reason: 'wallet_not_linked' });
    expect(await h.withdrawals.request(m.id, { ...base, amount: 2_000_000n, to: 'nope' })).toEqual({ ok: false, reason: 'bad_address' });
    expect(await h.withdrawals.request(m.id, { ...base, amount: 2_000_000n, token: Wallet.createRandom().address })).toEqual({ ok: false, reason: 'unknown_token' });
    // Another member's wallet is not this member's.
    const [other] = (await setup({ members: 1 })).members as [Member];
    expect(await h.withdrawals.request(m.id, { ...base, amount: 2_000_000n, to: other.wallet.address })).toEqual({ ok: false, reason: 'wallet_not_linked' });
    expect(await h.ledger.balance({ kind: 'member_rewards', owner: String(m.id) }, s.asset(s.usdt))).toBe(5_000_000n);
    expect((await h.withdrawals.list(m.id)).items).toEqual([]);
  });

  it("moves 'all' to in flight at once, once per idempotency key, and shows it requested", async () => {
    const s = await setup({ members: 1 });
    const h = s.harness();
    const [m] = s.members as [Member];
    await reward(h.ledger, `test:${s.chain.chainId}:r`, m.id, s.asset(s.dai), 3n * 10n ** 18n);
    const input = { chainId: s.chain.chainId, token: s.dai.address, amount: 'all' as const, to: m.wallet.address.toLowerCase(), botId: 7, idempotencyKey: 'tap-1' };
    const [a, b] = await Promise.all([h.withdrawals.request(m.id, input), h.withdrawals.request(m.id, input)]);
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(a.withdrawal.id).toBe(b.withdrawal.id);
    expect(a.withdrawal).toMatchObject({ status: 'requested', amount: 3n * 10n ** 18n, symbol: 'DAI', decimals: 18, to: m.wallet.address, txHash: null, requiredConfirmations: 2 });
    expect(await h.ledger.balance({ kind: 'member_rewards', owner: String(m.id) }, s.asset(s.dai))).toBe(0n);
    expect(await h.ledger.balance({ kind: 'withdrawals_in_flight', owner: a.withdrawal.id }, s.asset(s.dai))).toBe(3n * 10n ** 18n);
    expect(await h.withdrawals.request(m.id, { ...input, idempotencyKey: 'tap-2' })).toEqual({ ok: false, reason: 'insufficient_balance', balance: 0n });
    await payUntilDone(s, h);
    expect((await h.withdrawals.list(m.id)).items[0]).toMatchObject({ status: 'confirmed', explorerUrl: expect.stringMatching(/^https:\/\/explorer\.example\/tx\/0x[0-9a-f]{64}$/) });
  });
});

describe('paying', () => {
  it('returns the amount of a transfer that fails on chain to the member, and tells them', async () => {
    // The hot wallet holds 3 USDT: the second of two 2-USDT transfers reverts on chain.
    const s = await setup({ members: 2, hotUsdt: 3_000_000n });
    const h = s.harness();
    for (const [i, m] of s.members.entries()) {
      await reward(h.ledger, `test:${s.chain.chainId}:${i}`, m.id, s.asset(s.usdt), 2_000_000n);
      expect((await h.withdrawals.request(m.id, { chainId: s.chain.chainId, token: s.usdt.address, amount: 'all', to: m.wallet.address, botId: 7 })).ok).toBe(true);
    }
    await payUntilDone(s, h);
    const [first, second] = await Promise.all(s.members.map(async (m) => (await h.withdrawals.list(m.id)).items[0]!));
    expect(first!.status).toBe('confirmed');
    expect(second!.status).toBe('failed');
    expect(await h.ledger.balance({ kind: 'member_rewards', owner: String(s.members[1]!.id) }, s.asset(s.usdt))).toBe(2_000_000n);
    expect(await h.ledger.balance({ kind: 'withdrawals_in_flight', owner: second!.id }, s.asset(s.usdt))).toBe(0n);
    expect(await s.chain.tokenBalance(s.usdt, s.members[1]!.wallet.address)).toBe(0n);
    expect(h.notices.map((n) => n.dedupeKey)).toEqual([`withdraw-paid:${first!.id}`, `withdraw-failed:${second!.id}`]);
    expect(h.notices[1]!.chatId).toBe(s.members[1]!.id);
  });

  it('pays once when two workers run passes at the same time', async () => {
    const s = await setup({ members: 4, confirmations: 1 });
    const [a, b] = [s.harness(), s.harness()];
    for (const [i, m] of s.members.entries()) {
      await reward(a.ledger, `test:${s.chain.chainId}:${i}`, m.id, s.asset(s.usdt), 5_000_000n);
      await a.withdrawals.request(m.id, { chainId: s.chain.chainId, token: s.usdt.address, amount: BigInt(i + 1) * USDT_MIN, to: m.wallet.address, botId: 7 });
    }
    for (let i = 0; i < 10; i++) {
      const passes = await Promise.all([a.withdrawals.payChain(s.config), b.withdrawals.payChain(s.config)]);
      if (passes.every((p) => p.open === 0)) break;
      await s.chain.mine(1);
    }
    const paid = await paymentsOnChain(s.chain, s.hot.address, [s.usdt.address]);
    expect(paid).toEqual(new Map(s.members.map((m, i) => [`${s.usdt.address.toLowerCase()}:${m.wallet.address}`, [BigInt(i + 1) * USDT_MIN]])));
  });

  it('broadcasts again the same signed transaction when a reorg drops it', async () => {
    const s = await setup({ members: 1, confirmations: 3 });
    const h = s.harness();
    const [m] = s.members as [Member];
    await reward(h.ledger, `test:${s.chain.chainId}:r`, m.id, s.asset(s.usdt), 4_000_000n);
    await h.withdrawals.request(m.id, { chainId: s.chain.chainId, token: s.usdt.address, amount: 4_000_000n, to: m.wallet.address, botId: 7 });
    const pass = await h.withdrawals.payChain(s.config);
    expect(pass).toMatchObject({ signed: 1, sent: 1, confirmed: 0 });
    const before = (await h.withdrawals.list(m.id)).items[0]!;
    await s.chain.reorg({ depth: 1 });
    expect(await s.chain.tokenBalance(s.usdt, m.wallet.address)).toBe(0n);
    const after = await payUntilDone(s, h);
    // The node lost it with its block: the worker sent the same bytes again, and signed nothing new.
    expect(after).toMatchObject({ signed: 0, rebroadcast: 1, confirmed: 1 });
    const done = (await h.withdrawals.list(m.id)).items[0]!;
    expect(done).toMatchObject({ status: 'confirmed', txHash: before.txHash });
    expect(await paymentsOnChain(s.chain, s.hot.address, [s.usdt.address])).toEqual(new Map([[`${s.usdt.address.toLowerCase()}:${m.wallet.address}`, [4_000_000n]]]));
  });
});
