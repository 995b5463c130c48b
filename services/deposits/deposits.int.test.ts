import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { startLocalChain, type LocalChain, type TestTokenHandle } from '../../testkit/chain/index.js';
import { systemClock } from '../platform/clock.js';
import type { ChainConfig } from '../platform/chains.js';
import { loadRow } from '../notifications/rows.js';
import { driftedBalances, sumsPerAsset } from '../ledger/ledger.test-support.js';
import { chainConfig, countingFront, GROUP, scannerOver, strangers, type RpcCounter, type ScannerHarness } from './deposits.test-support.js';
import type { DepositRow } from './index.js';
import { pino } from 'pino';
import { loggerOptions, type Logger } from '../platform/logger.js';

let db: TestDatabase;
let reader: ScannerHarness['deposits'];
let nextChainId = 41000;
const open: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  db = await freshDatabase('deposits');
  reader = scannerOver(db.dataSource, systemClock).deposits;
});
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});
afterAll(async () => {
  try {
    expect(Object.values(await sumsPerAsset(db.dataSource)).every((total) => total === '0')).toBe(true);
    expect(await driftedBalances(db.dataSource)).toEqual([]);
  } finally {
    await db.drop();
  }
});

interface Setup {
  chain: LocalChain;
  token: TestTokenHandle;
  config: ChainConfig;
  scanner: ScannerHarness;
  front: RpcCounter;
  /** The watched deposit address (a testkit account), the group's. */
  depositAddress: string;
}

async function setup(options: { confirmations?: number; rangeSize?: number; rpcTimeoutMs?: number; log?: Logger } = {}): Promise<Setup> {
  const id = nextChainId++;
  const chain = await startLocalChain({ chainId: id });
  open.push(chain);
  const front = await countingFront(chain.rpcUrl);
  open.push(front);
  const token = await chain.deployToken('USDT', 6);
  const config = chainConfig(id, front.url, options.confirmations ?? 3, [{ address: token.address, symbol: 'USDT', decimals: 6 }]);
  const scanner = scannerOver(db.dataSource, systemClock, { rangeSize: options.rangeSize ?? 100, ...(options.rpcTimeoutMs ? { rpcTimeoutMs: options.rpcTimeoutMs } : {}), ...(options.log ? { log: options.log } : {}) });
  open.push({ close: () => scanner.deposits.close() });
  const depositAddress = chain.accounts[5]!.address;
  scanner.watched.push({ address: depositAddress, chatId: GROUP }, ...strangers(9).map((address) => ({ address, chatId: GROUP })));
  return { chain, token, config, scanner, front, depositAddress };
}

async function rowsOf(chainId: number): Promise<DepositRow[]> {
  return (await reader.ofGroup(GROUP, { limit: 500 })).filter((d) => d.chainId === chainId).reverse();
}
const balanceOf = (s: Setup, token: string) => s.scanner.ledger.balance({ kind: 'group_balance', owner: String(GROUP) }, { chainId: s.config.id, token });

describe('the deposit scanner', () => {
  it('sees an ERC-20 and a native deposit at once as pending with confirmations, and credits each once after the confirmations', async () => {
    const s = await setup({ confirmations: 5 });
    const [, alice] = s.chain.accounts;
    await s.chain.mint(s.token, alice!.address, 10_000_000n);
    const erc20 = await s.chain.transfer(alice!, s.token, s.depositAddress, 1_500_000n);
    const native = await s.chain.sendNative(alice!, s.depositAddress, 2n * 10n ** 18n);
    await s.chain.transfer(alice!, s.token, s.chain.accounts[6]!.address, 9n); // not watched

    const first = await s.scanner.deposits.scanChain(s.config);
    expect(first).toMatchObject({ seen: 2, credited: 0, caughtUp: true });
    let rows = await rowsOf(s.config.id);
    expect(rows.map((r) => [r.token, r.amount, r.status, r.confirmations])).toEqual([
      [s.token.address.toLowerCase(), 1_500_000n, 'seen', 3],
      ['native', 2n * 10n ** 18n, 'seen', 2],
    ]);
    expect(rows[0]!.txHash).toBe(erc20.hash.toLowerCase());
    expect(rows[1]!.logIndex).toBe(-1);
    expect(rows[1]!.txHash).toBe(native.hash.toLowerCase());

    await s.chain.mine(1);
    expect((await s.scanner.deposits.scanChain(s.config)).credited).toBe(0);
    await s.chain.mine(1);
    expect((await s.scanner.deposits.scanChain(s.config)).credited).toBe(1); // the ERC-20 has 5 now
    await s.chain.mine(1);
    expect((await s.scanner.deposits.scanChain(s.config)).credited).toBe(1);
    await s.chain.mine(5);
    expect((await s.scanner.deposits.scanChain(s.config)).credited).toBe(0);
    rows = await rowsOf(s.config.id);
    expect(rows.map((r) => r.status)).toEqual(['credited', 'credited']);
    expect(await balanceOf(s, s.token.address.toLowerCase())).toBe(1_500_000n);
    expect(await balanceOf(s, 'native')).toBe(2n * 10n ** 18n);
    // The group is told once per deposit, through the outbox.
    expect(s.scanner.notices).toHaveLength(2);
    const notice = await loadRow(db.dataSource, s.scanner.notices[0]!);
    expect(notice).toMatchObject({ chatId: GROUP, method: 'sendMessage' });
  });

  it('credits once when the same range is scanned twice (duplicate logs)', async () => {
    const s = await setup({ confirmations: 2 });
    const [, alice] = s.chain.accounts;
    await s.chain.mint(s.token, alice!.address, 1_000n);
    await s.chain.transfer(alice!, s.token, s.depositAddress, 700n);
    await s.scanner.deposits.scanChain(s.config);
    // The cursor back to the start: the range (and its logs) read again, before and after the credit.
    const again = () => db.dataSource.query(`UPDATE deposits.cursors SET block_number = 0, block_hash = (SELECT hash FROM deposits.blocks WHERE chain_id = $1 AND number = 0) WHERE chain_id = $1`, [s.config.id]);
    await again();
    await s.scanner.deposits.scanChain(s.config);
    await s.chain.mine(3);
    await s.scanner.deposits.scanChain(s.config);
    await again();
    await s.scanner.deposits.scanChain(s.config);
    // Two scanners of one chain at once (two worker replicas during a deploy), over a new deposit.
    await s.chain.transfer(alice!, s.token, s.depositAddress, 300n);
    const second = scannerOver(db.dataSource, systemClock);
    second.watched.push(...s.scanner.watched);
    open.push({ close: () => second.deposits.close() });
    for (let i = 0; i < 3; i++) {
      await Promise.all([s.scanner.deposits.scanChain(s.config), second.deposits.scanChain(s.config), s.scanner.deposits.scanChain(s.config)]);
      await s.chain.mine(1);
    }
    await s.scanner.deposits.scanChain(s.config);
    const rows = await rowsOf(s.config.id);
    expect(rows.map((r) => r.status)).toEqual(['credited', 'credited']);
    expect(await balanceOf(s, s.token.address.toLowerCase())).toBe(1000n);
    expect(s.scanner.notices.length + second.notices.length).toBe(2);
  });

  it('a scanner killed between detection and credit credits exactly once on the next run', async () => {
    const s = await setup({ confirmations: 2 });
    const [, alice] = s.chain.accounts;
    await s.chain.sendNative(alice!, s.depositAddress, 12345n);
    await s.chain.mine(4); // already confirmed when first seen
    s.scanner.hooks.afterRecord = () => {
      throw new Error('killed');
    };
    await expect(s.scanner.deposits.scanChain(s.config)).rejects.toThrow('killed');
    expect((await rowsOf(s.config.id)).map((r) => r.status)).toEqual(['seen']);
    expect(await balanceOf(s, 'native')).toBe(0n);
    delete s.scanner.hooks.afterRecord;
    // A new process: a new scanner over the same database resumes from the committed cursor.
    const restarted = scannerOver(db.dataSource, systemClock);
    restarted.watched.push(...s.scanner.watched);
    open.push({ close: () => restarted.deposits.close() });
    expect(await restarted.deposits.scanChain(s.config)).toMatchObject({ range: null, credited: 1 });
    expect(await restarted.deposits.scanChain(s.config)).toMatchObject({ credited: 0 });
    expect(await balanceOf(s, 'native')).toBe(12345n);
  });

  it('retries RPC faults (5xx pages, 429, JSON-RPC errors, a hang) and completes the pass', async () => {
    const lines: string[] = [];
    const s = await setup({ confirmations: 1, rpcTimeoutMs: 500, log: pino(loggerOptions({ level: 'warn' }), { write: (line: string) => void lines.push(line) }) });
    const [, alice] = s.chain.accounts;
    await s.chain.mint(s.token, alice!.address, 50n);
    await s.chain.transfer(alice!, s.token, s.depositAddress, 50n);
    s.chain.faults.add({ status: 503, times: 2 });
    s.chain.faults.add({ status: 429, retryAfterS: 1, times: 2 });
    s.chain.faults.add({ method: 'eth_getLogs', rpcError: { code: -32000, message: 'header not found' } });
    s.chain.faults.add({ method: 'eth_getLogs', hang: true });
    s.chain.faults.add({ status: 502 });
    const pass = await s.scanner.deposits.scanChain(s.config);
    expect(s.chain.faults.pending).toBe(0);
    expect(pass).toMatchObject({ seen: 1, credited: 1, caughtUp: true });
    expect(await balanceOf(s, s.token.address.toLowerCase())).toBe(50n);
    // Each fault was one retry; the throttled ones waited as long as Retry-After said; the URL (an API key,
    // often) is never in the log.
    const retries = lines.map((l) => JSON.parse(l) as { msg: string; waitMs: number; method: string }).filter((l) => l.msg.includes('retrying'));
    expect(retries.length).toBeGreaterThanOrEqual(7);
    expect(retries.filter((r) => r.waitMs >= 1000).length).toBeGreaterThanOrEqual(2);
    expect(lines.join('\n')).not.toContain(s.front.url.replace('http://', ''));
  });

  it('a shallow reorg that drops the deposit before its confirmations leaves it dropped and uncredited', async () => {
    const s = await setup({ confirmations: 4 });
    const [, alice] = s.chain.accounts;
    await s.chain.mint(s.token, alice!.address, 900n);
    await s.chain.transfer(alice!, s.token, s.depositAddress, 900n);
    await s.chain.mine(1);
    await s.scanner.deposits.scanChain(s.config);
    expect((await rowsOf(s.config.id)).map((r) => r.status)).toEqual(['seen']);
    await s.chain.reorg({ depth: 2 }); // the transfer's block and the one above it replaced, nothing re-sent
    const pass = await s.scanner.deposits.scanChain(s.config);
    expect(pass.reorgs).toBe(1);
    expect(pass.dropped).toBe(1);
    await s.chain.mine(6);
    await s.scanner.deposits.scanChain(s.config);
    expect((await rowsOf(s.config.id)).map((r) => r.status)).toEqual(['dropped']);
    expect(await balanceOf(s, s.token.address.toLowerCase())).toBe(0n);
    expect(s.scanner.notices).toHaveLength(0);
  });

  it('a shallow reorg that re-includes the deposit elsewhere moves it and credits it once', async () => {
    const s = await setup({ confirmations: 4 });
    const [, alice] = s.chain.accounts;
    await s.chain.mint(s.token, alice!.address, 900n);
    const sent = await s.chain.transfer(alice!, s.token, s.depositAddress, 900n);
    await s.chain.mine(1);
    await s.scanner.deposits.scanChain(s.config);
    const before = (await rowsOf(s.config.id))[0]!;
    const reorg = await s.chain.reorg({
      depth: 2,
      newBlocks: 4,
      then: async (c) => {
        await c.mine(1); // the transfer lands one block higher on the new branch
        await c.replay(sent.hash);
      },
    });
    expect(reorg.droppedBlockHashes).toContain(before.blockHash);
    await s.scanner.deposits.scanChain(s.config);
    const moved = (await rowsOf(s.config.id))[0]!;
    expect(moved.status === 'seen' || moved.status === 'credited').toBe(true);
    expect(moved.blockHash).not.toBe(before.blockHash);
    expect(moved.blockNumber).toBe(before.blockNumber + 1);
    await s.chain.mine(6);
    await s.scanner.deposits.scanChain(s.config);
    await s.scanner.deposits.scanChain(s.config);
    expect((await rowsOf(s.config.id)).map((r) => r.status)).toEqual(['credited']);
    expect(await balanceOf(s, s.token.address.toLowerCase())).toBe(900n);
    expect(s.scanner.notices).toHaveLength(1);
  });

  it('a reorg deeper than the confirmations that removes a credited deposit for good reverses it with a correcting posting', async () => {
    const s = await setup({ confirmations: 2 });
    const [, alice] = s.chain.accounts;
    await s.chain.sendNative(alice!, s.depositAddress, 777n);
    await s.chain.mine(2);
    expect((await s.scanner.deposits.scanChain(s.config)).credited).toBe(1);
    expect(await balanceOf(s, 'native')).toBe(777n);
    await s.chain.reorg({ depth: 4, newBlocks: 5 });
    const pass = await s.scanner.deposits.scanChain(s.config);
    expect(pass).toMatchObject({ reorgs: 1, reversed: 1, credited: 0 });
    await s.scanner.deposits.scanChain(s.config);
    const [row] = await rowsOf(s.config.id);
    expect(row).toMatchObject({ status: 'reversed', generation: 0 });
    expect(await balanceOf(s, 'native')).toBe(0n);
    // Two postings, the credit and its correction: the first was never changed.
    const statement = await s.scanner.ledger.accountStatement({ kind: 'group_balance', owner: String(GROUP) }, { chainId: s.config.id, token: 'native' });
    expect(statement.entries.map((e) => [e.kind, e.amount])).toEqual([['deposit.reversal', -777n], ['deposit', 777n]]);
    // The database refuses to turn it back into a credit by hand.
    await expect(db.dataSource.query(`UPDATE deposits.deposits SET status = 'credited', reversal_posting_id = NULL WHERE id = $1`, [row!.id])).rejects.toThrow();
  });

  it('a reorg deeper than the confirmations that re-includes a credited deposit keeps the one credit', async () => {
    const s = await setup({ confirmations: 2 });
    const [, alice] = s.chain.accounts;
    const sent = await s.chain.sendNative(alice!, s.depositAddress, 555n);
    await s.chain.mine(2);
    await s.scanner.deposits.scanChain(s.config);
    await s.chain.reorg({ depth: 4, newBlocks: 5, then: async (c) => void (await c.replay(sent.hash)) });
    await s.scanner.deposits.scanChain(s.config);
    await s.chain.mine(3);
    await s.scanner.deposits.scanChain(s.config);
    const [row] = await rowsOf(s.config.id);
    expect(row).toMatchObject({ status: 'credited', reorgedAt: null });
    expect(await balanceOf(s, 'native')).toBe(555n);
    expect(s.scanner.notices).toHaveLength(1);
  });

  it('makes the same RPC calls for a range with 10 and with 1,000 watched addresses', async () => {
    const s = await setup({ confirmations: 2, rangeSize: 100 });
    const [, alice] = s.chain.accounts;
    await s.chain.mint(s.token, alice!.address, 1_000n);
    for (let i = 0; i < 5; i++) {
      await s.chain.transfer(alice!, s.token, i % 2 ? s.depositAddress : s.chain.accounts[7]!.address, 10n);
      await s.chain.sendNative(alice!, i % 2 ? s.chain.accounts[8]!.address : s.depositAddress, 10n);
    }
    await s.chain.mine(3);
    const measure = async (watchedCount: number, chainId: number) => {
      const scanner = scannerOver(db.dataSource, systemClock, { rangeSize: 100 });
      open.push({ close: () => scanner.deposits.close() });
      scanner.watched.push({ address: s.depositAddress, chatId: GROUP }, ...strangers(watchedCount - 1, `w${watchedCount}`).map((address) => ({ address, chatId: GROUP })));
      s.front.reset();
      const pass = await scanner.deposits.scanChain({ ...s.config, id: chainId });
      return { pass, requests: s.front.requests, calls: Object.fromEntries([...s.front.calls].sort()) };
    };
    // Two configured chain ids over the one chain: each has its own cursor and reads the same blocks.
    const ten = await measure(10, nextChainId++);
    const thousand = await measure(1000, nextChainId++);
    expect(ten.pass).toMatchObject({ seen: 5, credited: 5 });
    expect(thousand.pass).toMatchObject({ seen: 5, credited: 5 });
    expect(thousand.calls).toEqual(ten.calls);
    expect(thousand.requests).toBe(ten.requests);
    expect(ten.calls['eth_getLogs']).toBe(1);
    expect(ten.calls['eth_getBlockByNumber']).toBe(ten.pass.head + 1 + /* credit re-checks */ 5);
  });
});
