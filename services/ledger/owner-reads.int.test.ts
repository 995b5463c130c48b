import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { systemClock } from '../platform/clock.js';
import { InvalidCursorError, type Asset, type Ledger } from './index.js';
import { NATIVE, USDT, WORLD, deposit, group, ledgerOver, member } from './ledger.test-support.js';

// Reads over one owner's accounts in every asset: balances, the statement merged across assets, and the
// accounts an account paid into that still hold a balance (a group's pools).
let db: TestDatabase;
let ledger: Ledger;
const BNB: Asset = { chainId: 56, token: 'native' };

beforeAll(async () => {
  db = await freshDatabase('ledger_owner');
  ledger = ledgerOver(db.dataSource, systemClock);
});
afterAll(async () => {
  await db?.drop();
});

describe("an owner's statement across assets", () => {
  it('pages through every line once, newest first, each asset in the order its lines were applied', async () => {
    const assets = [NATIVE, USDT, BNB];
    for (let i = 0; i < 23; i++) await deposit(ledger, `owner-stmt:${i}`, 'g-merge', BigInt(i + 1), assets[(i * 7) % 3]!);
    const seen: Array<{ key: string; asset: string; seq: bigint; amount: bigint }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await ledger.ownerStatement(group('g-merge'), { cursor, limit: 4 });
      seen.push(...page.entries.map((e) => ({ key: e.idempotencyKey, asset: `${e.asset.chainId}/${e.asset.token}`, seq: BigInt(e.accountSeq), amount: e.amount })));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(6);
    // Every posting once, newest first.
    expect(seen.map((s) => s.key)).toEqual(Array.from({ length: 23 }, (_, i) => `owner-stmt:${22 - i}`));
    for (const a of assets) {
      const own = seen.filter((s) => s.asset === `${a.chainId}/${a.token}`).map((s) => s.seq);
      expect(own).toEqual([...own].sort((x, y) => Number(y - x)));
      const full = await ledger.accountStatement(group('g-merge'), a, { limit: 500 });
      expect(own).toEqual(full.entries.map((e) => BigInt(e.accountSeq)));
    }
  });

  it('is empty for an owner with no lines, and refuses a cursor it did not give', async () => {
    expect(await ledger.ownerStatement(member('nobody'))).toEqual({ entries: [], nextCursor: null });
    await expect(ledger.ownerStatement(group('g-merge'), { cursor: 'abc' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('balances and funded accounts', () => {
  it("answer the owner's balance in each asset used, and the pools the group funded that still hold money", async () => {
    await deposit(ledger, 'funded:d1', 'g-pools', 100n, USDT);
    await deposit(ledger, 'funded:d2', 'g-pools', 9n, NATIVE);
    const hold = (raid: string, amount: bigint, asset: Asset) =>
      ledger.post({ idempotencyKey: `funded:hold:${raid}`, kind: 'raid.hold', lines: [{ account: group('g-pools'), asset, amount: -amount }, { account: { kind: 'group_pool', owner: raid }, asset, amount }] });
    await hold('r1', 30n, USDT);
    await hold('r2', 20n, USDT);
    await hold('r3', 4n, NATIVE);
    // r1 settles: paid to a member, so it no longer holds anything.
    await ledger.post({ idempotencyKey: 'funded:payout:r1', kind: 'raid.payout', lines: [{ account: { kind: 'group_pool', owner: 'r1' }, asset: USDT, amount: -30n }, { account: member('m1'), asset: USDT, amount: 30n }] });
    // Another group's pool is not this group's.
    await deposit(ledger, 'funded:other', 'g-other', 5n, USDT);
    await ledger.post({ idempotencyKey: 'funded:hold:r9', kind: 'raid.hold', lines: [{ account: group('g-other'), asset: USDT, amount: -5n }, { account: { kind: 'group_pool', owner: 'r9' }, asset: USDT, amount: 5n }] });

    expect(await ledger.balances(group('g-pools'))).toEqual([
      // By chain, then token as text ('0x…' before 'native').
      { asset: USDT, balance: 50n },
      { asset: NATIVE, balance: 5n },
    ]);
    const funded = await ledger.fundedAccounts(group('g-pools'), 'group_pool');
    expect(funded.map((f) => [f.account.owner, f.asset.token, f.balance])).toEqual([['r3', 'native', 4n], ['r2', USDT.token, 20n]]);
    expect(await ledger.balances(WORLD)).toEqual(expect.arrayContaining([{ asset: USDT, balance: expect.any(BigInt) }]));
  });
});
