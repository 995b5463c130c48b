import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { systemClock } from '../platform/clock.js';
import { IdempotencyConflictError, InsufficientFundsError, InvalidPostingError, type Ledger, type PostingInput } from './index.js';
import { NATIVE, USDT, WORLD, deposit, driftedBalances, group, ledgerOver, member, sumsPerAsset } from './ledger.test-support.js';

let db: TestDatabase;
let ledger: Ledger;

beforeAll(async () => {
  db = await freshDatabase('ledger');
  ledger = ledgerOver(db.dataSource, systemClock);
});
afterAll(async () => {
  try {
    // The books balance and every stored balance is the sum of its lines, whatever the tests did.
    expect(Object.values(await sumsPerAsset(db.dataSource)).every((total) => total === '0')).toBe(true);
    expect(await driftedBalances(db.dataSource)).toEqual([]);
  } finally {
    await db.drop();
  }
});

const payout = (key: string, from: string, to: string, amount: bigint, asset = NATIVE): PostingInput => ({
  idempotencyKey: key,
  kind: 'reward',
  lines: [
    { account: group(from), asset, amount: -amount },
    { account: member(to), asset, amount },
  ],
  reference: { raidId: '7' },
});

/** Runs raw SQL in a transaction of its own and answers the error it ended with, or null. */
async function rawTransaction(...statements: string[]): Promise<string | null> {
  const qr = db.dataSource.createQueryRunner();
  try {
    await qr.startTransaction();
    for (const sql of statements) await qr.query(sql);
    await qr.commitTransaction();
    return null;
  } catch (error) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    return (error as Error).message;
  } finally {
    await qr.release();
  }
}

describe('the ledger', () => {
  it('moves exact amounts beyond 2^64 and answers balances and a statement with the balance after each line', async () => {
    const big = 10n ** 30n + 7n; // a million tokens of 18 decimals, and then some
    await deposit(ledger, 'dep-big-1', 'g-big', big, USDT);
    await ledger.post(payout('pay-big-1', 'g-big', 'm-big', 7n, USDT));
    expect(await ledger.balance(group('g-big'), USDT)).toBe(10n ** 30n);
    expect(await ledger.balance(member('m-big'), USDT)).toBe(7n);
    expect(await ledger.balance(WORLD, USDT)).toBe(-big);
    expect(await ledger.balance(group('g-big'), NATIVE)).toBe(0n);

    const first = await ledger.accountStatement(group('g-big'), USDT, { limit: 1 });
    expect(first.entries.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([['reward', -7n, 10n ** 30n]]);
    const second = await ledger.accountStatement(group('g-big'), USDT, { cursor: first.nextCursor, limit: 1 });
    expect(second.entries.map((e) => [e.kind, e.amount, e.balanceAfter, e.reference])).toEqual([['deposit', big, big, { txHash: 'dep-big-1' }]]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses in code a posting that does not balance, a number for an amount and an upper-case address', async () => {
    const unbalanced = payout('bad-1', 'g', 'm', 5n);
    unbalanced.lines = [unbalanced.lines[0]!, { ...unbalanced.lines[1]!, amount: 4n }];
    await expect(ledger.post(unbalanced)).rejects.toMatchObject({ name: 'InvalidPostingError', reason: 'unbalanced' });
    // Balanced per line count but across two assets: each asset must sum to zero on its own.
    const crossAsset = payout('bad-2', 'g', 'm', 5n);
    crossAsset.lines = [crossAsset.lines[0]!, { ...crossAsset.lines[1]!, asset: USDT }];
    await expect(ledger.post(crossAsset)).rejects.toMatchObject({ reason: 'unbalanced' });
    const float = { ...payout('bad-3', 'g', 'm', 5n) } as unknown as { lines: Array<{ amount: unknown }> };
    float.lines = float.lines.map((l, i) => ({ ...l, amount: i === 0 ? -0.5 : 0.5 }));
    await expect(ledger.post(float as unknown as PostingInput)).rejects.toMatchObject({ reason: 'amount' });
    await expect(ledger.post(payout('bad-4', 'g', 'm', 5n, { chainId: 1, token: USDT.token.toUpperCase() }))).rejects.toBeInstanceOf(InvalidPostingError);
    expect(await db.dataSource.query(`SELECT 1 FROM ledger.postings WHERE idempotency_key LIKE 'bad-%'`)).toEqual([]);
  });

  it('lets the chain go negative and no other account', async () => {
    await expect(ledger.post(payout('overdraw-1', 'g-empty', 'm-1', 1n))).rejects.toBeInstanceOf(InsufficientFundsError);
    // Its own fees account: another test earns fees on 'platform', and tests run in any order.
    const fees = { kind: 'fees', owner: 'platform-empty' } as const;
    const refund: PostingInput = { idempotencyKey: 'fee-neg-1', kind: 'fee', lines: [{ account: fees, asset: NATIVE, amount: -1n }, { account: WORLD, asset: NATIVE, amount: 1n }] };
    await expect(ledger.post(refund)).rejects.toMatchObject({ reason: 'insufficient_funds', account: fees, balance: 0n, wanted: 1n });
  });
});

describe('inside a caller\'s transaction', () => {
  it('commits with the caller\'s other work, and a refusal there aborts that transaction whole', async () => {
    await deposit(ledger, 'dep-tx-1', 'g-tx', 10n);
    const posting = await db.dataSource.transaction(async (tx) => {
      const hold = await ledger.post(tx, {
        idempotencyKey: 'hold-tx-1',
        kind: 'raid.hold',
        lines: [{ account: group('g-tx'), asset: NATIVE, amount: -4n }, { account: { kind: 'group_pool', owner: 'raid-tx' }, asset: NATIVE, amount: 4n }],
      });
      // The caller reads its own uncommitted posting through the same transaction.
      expect(await ledger.balance({ kind: 'group_pool', owner: 'raid-tx' }, NATIVE, tx)).toBe(4n);
      expect(await ledger.balance({ kind: 'group_pool', owner: 'raid-tx' }, NATIVE)).toBe(0n);
      return hold;
    });
    expect(await ledger.posting(posting.id)).toEqual(posting);
    expect(await ledger.balance(group('g-tx'), NATIVE)).toBe(6n);

    await expect(
      db.dataSource.transaction(async (tx) => {
        await ledger.post(tx, { idempotencyKey: 'hold-tx-2', kind: 'raid.hold', lines: [{ account: group('g-tx'), asset: NATIVE, amount: -6n }, { account: { kind: 'group_pool', owner: 'raid-tx2' }, asset: NATIVE, amount: 6n }] });
        await ledger.post(tx, { idempotencyKey: 'hold-tx-3', kind: 'raid.hold', lines: [{ account: group('g-tx'), asset: NATIVE, amount: -1n }, { account: { kind: 'group_pool', owner: 'raid-tx3' }, asset: NATIVE, amount: 1n }] });
      }),
    ).rejects.toMatchObject({ reason: 'insufficient_funds', balance: 0n, wanted: 1n });
    // The first hold of that transaction went with it.
    expect(await ledger.balance(group('g-tx'), NATIVE)).toBe(6n);
    expect(await ledger.balance({ kind: 'group_pool', owner: 'raid-tx2' }, NATIVE)).toBe(0n);
  });

  it('nets a posting\'s lines on one account: credit before debit, refused only if the net would go below zero', async () => {
    await deposit(ledger, 'dep-net-1', 'g-net', 3n);
    // Takes 5 and gives back 4 on the same account (a fee refund folded in): net -1 of a balance of 3.
    await ledger.post({
      idempotencyKey: 'net-1',
      kind: 'adjustment',
      lines: [
        { account: group('g-net'), asset: NATIVE, amount: -5n },
        { account: { kind: 'fees', owner: 'platform' }, asset: NATIVE, amount: 1n },
        { account: group('g-net'), asset: NATIVE, amount: 4n },
      ],
    });
    expect(await ledger.balance(group('g-net'), NATIVE)).toBe(2n);
    const statement = await ledger.accountStatement(group('g-net'), NATIVE);
    expect(statement.entries.map((e) => [e.accountSeq, e.amount, e.balanceAfter])).toEqual([['3', -5n, 2n], ['2', 4n, 7n], ['1', 3n, 3n]]);
  });
});

describe('the database refuses what the code would not write', () => {
  it('refuses at commit a posting whose lines do not sum to zero per asset, and a posting without lines', async () => {
    await deposit(ledger, 'dep-raw-1', 'g-raw', 100n);
    const ids: Array<{ id: string }> = await db.dataSource.query(
      `SELECT id::text FROM ledger.accounts WHERE owner IN ('world', 'g-raw') AND chain_id = 1 AND token = 'native' ORDER BY owner`,
    );
    const [groupId, worldId] = ids.map((r) => r.id);
    const newPosting = (key: string) => `INSERT INTO ledger.postings (idempotency_key, kind, created_at, content_digest) VALUES ('${key}', 'raw', now(), sha256('x'))`;
    const line = (account: string, amount: string) =>
      `INSERT INTO ledger.lines (posting_id, account_id, chain_id, token, amount) VALUES (currval('ledger.postings_id_seq'), ${account}, 1, 'native', ${amount})`;

    expect(await rawTransaction(newPosting('raw-1'), line(groupId!, '-10'), line(worldId!, '9'))).toMatch(/does not balance: its lines on chain 1 \(native\) sum to -1/);
    expect(await rawTransaction(newPosting('raw-2'))).toMatch(/has no lines/);
    expect(await rawTransaction(newPosting('raw-3'), line(groupId!, '-10'), line(worldId!, '10'))).toBeNull();
    // Lines cannot be added later to a committed posting, even balanced ones.
    const [{ id: raw3 }] = await db.dataSource.query(`SELECT id::text FROM ledger.postings WHERE idempotency_key = 'raw-3'`);
    const late = (account: string, amount: string) => `INSERT INTO ledger.lines (posting_id, account_id, chain_id, token, amount) VALUES (${raw3}, ${account}, 1, 'native', ${amount})`;
    expect(await rawTransaction(late(groupId!, '-1'), late(worldId!, '1'))).toMatch(/already committed/);
    // And a raw line cannot overdraw either.
    expect(await rawTransaction(newPosting('raw-4'), line(groupId!, '-91'), line(worldId!, '91'))).toMatch(/holds 90, cannot take 91/);
    expect(await ledger.balance(group('g-raw'), NATIVE)).toBe(90n);
  });

  it('refuses UPDATE and DELETE of postings and lines, even matching nothing, and a hand-made balance', async () => {
    for (const sql of [
      `UPDATE ledger.postings SET memo = 'x'`,
      `DELETE FROM ledger.postings WHERE id < 0`,
      `UPDATE ledger.lines SET amount = amount * 2`,
      `DELETE FROM ledger.lines`,
      `TRUNCATE ledger.lines CASCADE`,
      `UPDATE ledger.accounts SET owner = 'someone else'`,
    ]) {
      expect(await rawTransaction(sql)).toMatch(/append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/);
    }
    expect(await rawTransaction(`UPDATE ledger.balances SET balance = balance + 1000000`)).toMatch(/balances follow the lines/);
  });
});

describe('idempotency', () => {
  it('posts a repeated key once and answers the same posting, whatever the order of its lines', async () => {
    await deposit(ledger, 'dep-idem-1', 'g-idem', 50n);
    const input = payout('pay-idem-1', 'g-idem', 'm-idem', 20n);
    const first = await ledger.post(input);
    const again = await ledger.post({ ...input, lines: [...input.lines].reverse() });
    expect(again).toEqual(first);
    expect(await ledger.balance(group('g-idem'), NATIVE)).toBe(30n);
    const events = await db.dataSource.query(`SELECT 1 FROM history.events WHERE action = 'ledger.posted' AND subject_id = $1`, [first.id]);
    expect(events).toHaveLength(1);
  });

  it('posts once when the same key arrives ten times at once', async () => {
    await deposit(ledger, 'dep-idem-2', 'g-idem2', 50n);
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger.post(payout('pay-idem-2', 'g-idem2', 'm-idem2', 20n))));
    expect(new Set(results.map((p) => p.id)).size).toBe(1);
    expect(await ledger.balance(member('m-idem2'), NATIVE)).toBe(20n);
  });

  it('refuses the same key with other content and names the posting that has it', async () => {
    await deposit(ledger, 'dep-idem-3', 'g-idem3', 50n);
    const first = await ledger.post(payout('pay-idem-3', 'g-idem3', 'm-idem3', 20n));
    const other = ledger.post(payout('pay-idem-3', 'g-idem3', 'm-idem3', 21n));
    await expect(other).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(other).rejects.toMatchObject({ postingId: first.id });
    await expect(ledger.post({ ...payout('pay-idem-3', 'g-idem3', 'm-idem3', 20n), reference: { raidId: '8' } })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await ledger.balance(member('m-idem3'), NATIVE)).toBe(20n);
  });
});

describe('concurrency', () => {
  it('never drives a group below zero under 100 concurrent postings: the ones that would are refused', async () => {
    await deposit(ledger, 'dep-race-1', 'g-race', 60n);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => ledger.post(payout(`pay-race-${i}`, 'g-race', `m-race-${i % 7}`, 1n))),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as Error);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(60);
    expect(refused).toHaveLength(40);
    for (const error of refused) {
      expect(error).toBeInstanceOf(InsufficientFundsError);
      expect(error.message).toBe('ledger: group_balance g-race on chain 1 (native) holds 0, cannot take 1');
    }
    expect(await ledger.balance(group('g-race'), NATIVE)).toBe(0n);
    expect(Object.values(await sumsPerAsset(db.dataSource)).every((total) => total === '0')).toBe(true);
    expect(await driftedBalances(db.dataSource)).toEqual([]);
  });

  it('does not deadlock when postings cross the same two accounts in opposite directions', async () => {
    await deposit(ledger, 'dep-cross-a', 'g-a', 1000n);
    await deposit(ledger, 'dep-cross-b', 'g-b', 1000n);
    const move = (i: number, from: string, to: string): PostingInput => ({
      idempotencyKey: `cross-${i}`,
      kind: 'transfer',
      lines: [{ account: group(from), asset: NATIVE, amount: -3n }, { account: group(to), asset: NATIVE, amount: 3n }],
    });
    await Promise.all(Array.from({ length: 40 }, (_, i) => ledger.post(i % 2 ? move(i, 'g-a', 'g-b') : move(i, 'g-b', 'g-a'))));
    expect(await ledger.balance(group('g-a'), NATIVE)).toBe(1000n);
    expect(await ledger.balance(group('g-b'), NATIVE)).toBe(1000n);
  });
});

describe('history', () => {
  it('records ledger.posted with the lines as strings, in the posting\'s transaction', async () => {
    const posting = await deposit(ledger, 'dep-hist-1', 'g-hist', 12345678901234567890123n);
    const [event] = await db.dataSource.query(`SELECT actor_kind, subject_kind, data FROM history.events WHERE action = 'ledger.posted' AND subject_id = $1`, [posting.id]);
    expect(event).toEqual({
      actor_kind: 'system',
      subject_kind: 'posting',
      data: {
        postingId: posting.id,
        kind: 'deposit',
        idempotencyKey: 'dep-hist-1',
        lines: posting.lines.map((l) => ({ kind: l.account.kind, owner: l.account.owner, chainId: 1, token: 'native', amount: l.amount.toString() })),
      },
    });
    expect(event.data.lines.map((l: { amount: string }) => l.amount).sort()).toEqual(['-12345678901234567890123', '12345678901234567890123']);
  });

  it('leaves neither posting nor event when the caller\'s transaction rolls back, or when the posting is refused', async () => {
    const events = () => db.dataSource.query(`SELECT count(*)::int AS n FROM history.events WHERE action = 'ledger.posted'`).then((r) => r[0].n as number);
    const before = await events();
    await expect(
      db.dataSource.transaction(async (tx) => {
        await deposit(ledger, 'unused', 'x', 1n).catch(() => undefined); // a separate transaction, committed
        await ledger.post(tx, { idempotencyKey: 'dep-rolled-1', kind: 'deposit', lines: [{ account: WORLD, asset: NATIVE, amount: -5n }, { account: group('g-rolled'), asset: NATIVE, amount: 5n }] });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('the caller changed its mind');
    await expect(ledger.post(payout('overdraw-hist', 'g-rolled', 'm', 1n))).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(await events()).toBe(before + 1); // only the 'unused' deposit
    expect(await db.dataSource.query(`SELECT 1 FROM ledger.postings WHERE idempotency_key IN ('dep-rolled-1', 'overdraw-hist')`)).toEqual([]);
    expect(await ledger.balance(group('g-rolled'), NATIVE)).toBe(0n);
  });
});
