// The money views' data over HTTP: a group's balance with its held pools, its transactions and deposits for
// admins only, a member's rewards and transactions for the member, amounts as integer strings; a deployment
// without money says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { cid } from '../../../services/platform/telegram-ids.test-support.js';
import { systemClock } from '../../../services/platform/clock.js';
import { TEST_XPUB } from '../../../services/wallet/wallet.test-support.js';
import { recordedDeposit } from '../../../services/deposits/deposits.test-support.js';
import { apiClient, json } from './api.test-support.js';
import { groupWithBot } from './raids.test-support.js';

const USDC = '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913';
const CHAINS = JSON.stringify([
  { id: 8453, name: 'Base', rpcUrl: 'http://127.0.0.1:9', confirmations: 10, explorerUrl: 'https://basescan.org', native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', decimals: 6 }] },
]);
const hash = (n: number) => `0x${n.toString(16).padStart(64, 'a')}`;

describe('the money routes', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { WALLET_XPUB: TEST_XPUB, CHAINS } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("show an admin the group's balance, held pools, transactions with explorer links and deposits, and refuse a member", async () => {
    const api = apiClient(t);
    const ada = t.emulator.createUser({ firstName: 'Ada' }).id;
    const bob = t.emulator.createUser({ firstName: 'Bob' }).id;
    const chatId = await groupWithBot(t, 'Money Club', ada, [bob]);
    const ledger = t.platform.ledger;
    await recordedDeposit(t.platform.db, systemClock, { chainId: 8453, chatId: cid(chatId), token: USDC, amount: 500_000_000n, txHash: hash(1), blockNumber: 10, head: 30 }, ledger);
    await recordedDeposit(t.platform.db, systemClock, { chainId: 8453, chatId: cid(chatId), token: 'native', amount: 10n ** 18n, txHash: hash(2), blockNumber: 28, head: 30 });
    await ledger.post({
      idempotencyKey: 'launch-hold:9001', kind: 'raid.hold',
      lines: [{ account: { kind: 'group_balance', owner: String(chatId) }, asset: { chainId: 8453, token: USDC }, amount: -120_000_000n }, { account: { kind: 'group_pool', owner: '9001' }, asset: { chainId: 8453, token: USDC }, amount: 120_000_000n }],
      reference: { raidId: '9001', chatId: String(chatId) },
    });

    const balance = await json(await api.as(ada, 'GET', `/groups/${chatId}/balance`));
    expect(balance).toEqual({
      balances: [
        { chainId: 8453, chainName: 'Base', token: 'native', symbol: 'ETH', decimals: 18, available: '0', held: '0' },
        { chainId: 8453, chainName: 'Base', token: USDC, symbol: 'USDC', decimals: 6, available: '380000000', held: '120000000' },
      ],
      pools: [{ raidId: '9001', chainId: 8453, chainName: 'Base', token: USDC, symbol: 'USDC', decimals: 6, amount: '120000000' }],
    });

    const tx = await json(await api.as(ada, 'GET', `/groups/${chatId}/transactions?limit=1`));
    expect(tx.items).toEqual([expect.objectContaining({ kind: 'raid.hold', symbol: 'USDC', amount: '-120000000', balanceAfter: '380000000', raidId: '9001', txHash: null, explorerUrl: null })]);
    const older = await json(await api.as(ada, 'GET', `/groups/${chatId}/transactions?limit=1&cursor=${tx.nextCursor}`));
    expect(older.items).toEqual([expect.objectContaining({ kind: 'deposit', amount: '500000000', txHash: hash(1), explorerUrl: `https://basescan.org/tx/${hash(1)}` })]);
    expect(older.nextCursor).toBeNull();

    const deposits = await json(await api.as(ada, 'GET', `/groups/${chatId}/deposits`));
    expect(deposits.items.map((d: { symbol: string; status: string; confirmations: number; requiredConfirmations: number; explorerUrl: string }) => [d.symbol, d.status, d.confirmations, d.requiredConfirmations, d.explorerUrl])).toEqual([
      ['ETH', 'seen', 3, 10, `https://basescan.org/tx/${hash(2)}`],
      ['USDC', 'credited', 21, 10, `https://basescan.org/tx/${hash(1)}`],
    ]);
    expect(deposits.nextCursor).toBeNull();

    for (const path of ['balance', 'transactions', 'deposits']) {
      const refused = await api.as(bob, 'GET', `/groups/${chatId}/${path}`);
      expect(refused.status, path).toBe(403);
      expect((await json(refused)).error.code).toBe('not_admin');
    }
    const bad = await api.as(ada, 'GET', `/groups/${chatId}/transactions?cursor=bm9wZQ`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.field).toBe('query.cursor');
  });

  it("show a member their own rewards with the minimum withdrawal, and their rewards' movements", async () => {
    const api = apiClient(t);
    const cara = t.emulator.createUser({ firstName: 'Cara' }).id;
    const asset = { chainId: 8453, token: USDC };
    await t.platform.ledger.post({
      idempotencyKey: `test-reward:${cara}`, kind: 'raid.payout',
      lines: [{ account: { kind: 'chain', owner: 'world' }, asset, amount: -2_500_000n }, { account: { kind: 'member_rewards', owner: String(cara) }, asset, amount: 2_500_000n }],
      reference: { raidId: '77' },
    });
    const rewards = await json(await api.as(cara, 'GET', '/me/rewards'));
    expect(rewards.balances).toEqual([
      { chainId: 8453, chainName: 'Base', token: 'native', symbol: 'ETH', decimals: 18, amount: '0', minWithdrawal: '1' },
      { chainId: 8453, chainName: 'Base', token: USDC, symbol: 'USDC', decimals: 6, amount: '2500000', minWithdrawal: '1' },
    ]);
    const mine = await json(await api.as(cara, 'GET', '/me/transactions'));
    expect(mine.items).toEqual([expect.objectContaining({ kind: 'raid.payout', symbol: 'USDC', amount: '2500000', balanceAfter: '2500000', raidId: '77' })]);
    // Another member sees only their own (nothing).
    const dan = t.emulator.createUser({ firstName: 'Dan' }).id;
    expect((await json(await api.as(dan, 'GET', '/me/transactions'))).items).toEqual([]);
  });
});

describe('the money routes without WALLET_XPUB', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { CHAINS } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('say money is off', async () => {
    const ada = t.emulator.createUser({ firstName: 'Ada' }).id;
    const chatId = await groupWithBot(t, 'Offline Club', ada, []);
    for (const path of ['/me/rewards', '/me/transactions', `/groups/${chatId}/balance`, `/groups/${chatId}/transactions`, `/groups/${chatId}/deposits`]) {
      const res = await apiClient(t).as(ada, 'GET', path);
      expect(res.status, path).toBe(409);
      expect((await json(res)).error.code).toBe('money_off');
    }
  });
});
