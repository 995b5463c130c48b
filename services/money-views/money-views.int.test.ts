import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { systemClock } from '../platform/clock.js';
import type { ChainConfig } from '../platform/chains.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';
import { ledgerOver } from '../ledger/ledger.test-support.js';
import type { Asset, Ledger } from '../ledger/index.js';
import { recordedDeposit, scannerOver } from '../deposits/deposits.test-support.js';
import { createMoneyViews, InvalidCursorError, type MoneyViews } from './index.js';

const USDT = '0xdac17f958d2ee523a2206206994597c13d831ec7';
const CHAINS: ChainConfig[] = [
  { id: 1, name: 'Ethereum', rpcUrl: 'http://127.0.0.1:1', confirmations: 12, explorerUrl: 'https://etherscan.io/', native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0xdAC17F958D2ee523a2206206994597C13D831ec7', symbol: 'USDT', decimals: 6 }] },
  { id: 56, name: 'BNB Chain', rpcUrl: 'http://127.0.0.1:1', confirmations: 0, native: { symbol: 'BNB', decimals: 18 }, tokens: [] },
];
const ETH: Asset = { chainId: 1, token: 'native' };
const USDT_1: Asset = { chainId: 1, token: USDT };
const BNB: Asset = { chainId: 56, token: 'native' };
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

let db: TestDatabase;
let ledger: Ledger;
let views: MoneyViews;
let n = 0;
const freshGroup = () => cid(-1001000000000 - ++n);

beforeAll(async () => {
  db = await freshDatabase('money_views');
  ledger = ledgerOver(db.dataSource, systemClock);
  views = createMoneyViews({ ledger, deposits: scannerOver(db.dataSource, systemClock).deposits, chains: CHAINS });
});
afterAll(async () => {
  await db?.drop();
});

const world = { kind: 'chain' as const, owner: 'world' };
const deposit = (chatId: number, asset: Asset, amount: bigint, txHash: string) =>
  ledger.post({
    idempotencyKey: `deposit:${asset.chainId}:${txHash}`,
    kind: 'deposit',
    lines: [{ account: world, asset, amount: -amount }, { account: { kind: 'group_balance', owner: String(chatId) }, asset, amount }],
    reference: { chainId: asset.chainId, txHash },
  });
const hold = (chatId: number, raidId: string, asset: Asset, amount: bigint) =>
  ledger.post({
    idempotencyKey: `launch-hold:${raidId}`,
    kind: 'raid.hold',
    lines: [{ account: { kind: 'group_balance', owner: String(chatId) }, asset, amount: -amount }, { account: { kind: 'group_pool', owner: raidId }, asset, amount }],
    reference: { raidId, chatId: String(chatId) },
  });
const payout = (chatId: number, raidId: string, asset: Asset, shares: Array<[number, bigint]>, back: bigint) =>
  ledger.post({
    idempotencyKey: `payout:${raidId}`,
    kind: 'raid.payout',
    lines: [
      { account: { kind: 'group_pool', owner: raidId }, asset, amount: -(shares.reduce((s, [, a]) => s + a, 0n) + back) },
      ...shares.map(([user, amount]) => ({ account: { kind: 'member_rewards' as const, owner: String(user) }, asset, amount })),
      ...(back > 0n ? [{ account: { kind: 'group_balance' as const, owner: String(chatId) }, asset, amount: back }] : []),
    ],
    reference: { raidId },
  });

describe("a group's balance", () => {
  it('shows every configured asset, what is available and what is held in pools not yet settled, with each pool', async () => {
    const group = freshGroup();
    await deposit(group, USDT_1, 1_000_000_000n, hash(1));
    await deposit(group, ETH, 5n * 10n ** 17n, hash(2));
    await hold(group, `${n}01`, USDT_1, 300_000_000n);
    await hold(group, `${n}02`, USDT_1, 200_000_000n);
    await hold(group, `${n}03`, ETH, 10n ** 17n);
    // The first pool is paid out: it is no longer held; what it gave back is available again.
    await payout(group, `${n}01`, USDT_1, [[uid(501), 250_000_000n]], 50_000_000n);

    const b = await views.groupBalance(group);
    expect(b.balances.map((x) => [x.asset.chainName, x.asset.symbol, x.asset.decimals, x.available, x.held])).toEqual([
      ['Ethereum', 'ETH', 18, 4n * 10n ** 17n, 10n ** 17n],
      ['Ethereum', 'USDT', 6, 550_000_000n, 200_000_000n],
      ['BNB Chain', 'BNB', 18, 0n, 0n],
    ]);
    expect(b.pools.map((p) => [p.raidId, p.asset.symbol, p.amount])).toEqual([
      [`${n}03`, 'ETH', 10n ** 17n],
      [`${n}02`, 'USDT', 200_000_000n],
    ]);
  });

  it("shows nothing of another group's money", async () => {
    const mine = freshGroup();
    const theirs = freshGroup();
    await deposit(theirs, BNB, 7n, hash(100 + n));
    await hold(theirs, `${n}09`, BNB, 3n);
    const b = await views.groupBalance(mine);
    expect(b.balances.every((x) => x.available === 0n && x.held === 0n)).toBe(true);
    expect(b.pools).toEqual([]);
  });
});

describe("a group's transactions", () => {
  it('lists every asset newest first with signed amounts, balances after, raids and explorer links, paged without gaps', async () => {
    const group = freshGroup();
    await deposit(group, USDT_1, 100n, hash(201));
    await deposit(group, BNB, 9n, hash(202));
    await hold(group, `${n}11`, USDT_1, 40n);
    await deposit(group, USDT_1, 5n, hash(203));

    const first = await views.groupTransactions(group, { limit: 3 });
    expect(first.items.map((e) => [e.kind, e.asset.symbol, e.amount, e.balanceAfter, e.raidId])).toEqual([
      ['deposit', 'USDT', 5n, 65n, null],
      ['raid.hold', 'USDT', -40n, 60n, `${n}11`],
      ['deposit', 'BNB', 9n, 9n, null],
    ]);
    // Ethereum has an explorer (its trailing slash dropped); BNB Chain has none.
    expect(first.items[0]!.explorerUrl).toBe(`https://etherscan.io/tx/${hash(203)}`);
    expect(first.items[2]!.txHash).toBe(hash(202));
    expect(first.items[2]!.explorerUrl).toBeNull();
    expect(first.items[1]!.explorerUrl).toBeNull();
    expect(first.nextCursor).not.toBeNull();

    const second = await views.groupTransactions(group, { limit: 3, cursor: first.nextCursor });
    expect(second.items.map((e) => [e.kind, e.asset.symbol, e.amount])).toEqual([['deposit', 'USDT', 100n]]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give', async () => {
    await expect(views.groupTransactions(freshGroup(), { cursor: 'nope' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(views.groupDeposits(freshGroup(), { cursor: '1:2' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("a member's rewards", () => {
  it('shows each asset earned, and the movements of the rewards newest first', async () => {
    const group = freshGroup();
    const member = uid(700 + n);
    await deposit(group, USDT_1, 1000n, hash(301));
    await hold(group, `${n}21`, USDT_1, 600n);
    await payout(group, `${n}21`, USDT_1, [[member, 400n], [uid(999), 200n]], 0n);
    await deposit(group, ETH, 50n, hash(302));
    await hold(group, `${n}22`, ETH, 50n);
    await payout(group, `${n}22`, ETH, [[member, 50n]], 0n);

    const rewards = await views.memberRewards(member);
    expect(rewards.map((r) => [r.asset.symbol, r.amount, r.asset.minWithdrawal])).toEqual([['ETH', 50n, 1n], ['USDT', 400n, 1n], ['BNB', 0n, 1n]]);
    const history = await views.memberTransactions(member);
    expect(history.items.map((e) => [e.kind, e.asset.symbol, e.amount, e.balanceAfter, e.raidId])).toEqual([
      ['raid.payout', 'ETH', 50n, 50n, `${n}22`],
      ['raid.payout', 'USDT', 400n, 400n, `${n}21`],
    ]);
    expect(history.nextCursor).toBeNull();
  });
});

describe("a group's deposits", () => {
  it('lists pending and credited deposits newest first with confirmations out of those required, paged', async () => {
    const group = freshGroup();
    const credited = await recordedDeposit(db.dataSource, systemClock, { chainId: 1, chatId: group, token: USDT, amount: 25_000_000n, txHash: hash(401), blockNumber: 100, head: 120 }, ledger);
    await recordedDeposit(db.dataSource, systemClock, { chainId: 1, chatId: group, token: 'native', amount: 10n ** 18n, txHash: hash(402), blockNumber: 118, head: 120 });
    await recordedDeposit(db.dataSource, systemClock, { chainId: 56, chatId: group, token: 'native', amount: 3n, txHash: hash(403), blockNumber: 7, head: 7 });

    const first = await views.groupDeposits(group, { limit: 2 });
    expect(first.items.map((d) => [d.asset.symbol, d.amount, d.status, d.confirmations, d.requiredConfirmations])).toEqual([
      ['BNB', 3n, 'seen', 1, 1],
      ['ETH', 10n ** 18n, 'seen', 3, 12],
    ]);
    expect(first.items[1]!.explorerUrl).toBe(`https://etherscan.io/tx/${hash(402)}`);
    const second = await views.groupDeposits(group, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((d) => [d.id, d.asset.symbol, d.status])).toEqual([[credited.id, 'USDT', 'credited']]);
    expect(second.nextCursor).toBeNull();
    // The credited one is in the balance; the pending ones are not yet.
    expect((await views.groupBalance(group)).balances.filter((b) => b.available > 0n).map((b) => [b.asset.symbol, b.available])).toEqual([['USDT', 25_000_000n]]);
  });
});
