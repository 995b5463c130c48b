// The deposit scanner over a local chain (testkit/chain) and a real database: RPC calls and blocks per second
// for one chain's range of blocks with 10 and with 10,000 watched addresses. The calls must be equal: the
// scanner reads each range's Transfer logs once and each block once, and matches recipients in memory.
// Each run scans the same blocks under a chain id of its own (its own cursor), alternating, the median kept.
import type { DataSource } from 'typeorm';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../services/platform/clock.js';
import { startLocalChain } from '../testkit/chain/index.js';
import { chainConfig, countingFront, GROUP, scannerOver, strangers } from '../services/deposits/deposits.test-support.js';

export interface DepositsBenchRun {
  watched: number;
  blocks: number;
  blocksPerSecond: number;
  rpcCalls: number;
  httpRequests: number;
  deposits: number;
}

export interface DepositsBenchResult {
  runs: DepositsBenchRun[];
  /** The median of each size. */
  small: DepositsBenchRun;
  large: DepositsBenchRun;
}

export async function benchDeposits(opts: { db: DataSource; blocks: number; rounds?: number; sizes?: [number, number] }): Promise<DepositsBenchResult> {
  const [smallSize, largeSize] = opts.sizes ?? [10, 10_000];
  const rounds = opts.rounds ?? 3;
  const chain = await startLocalChain({ chainId: 43000 });
  const front = await countingFront(chain.rpcUrl);
  try {
    const token = await chain.deployToken('USDT', 6);
    const [, alice] = chain.accounts;
    const depositAddress = chain.accounts[5]!.address;
    await chain.mint(token, alice!.address, 10n ** 15n);
    // Every transaction is its own block (blockTime 0): half token transfers, half native, one in five to the
    // watched deposit address, the rest to addresses no one watches.
    const others = strangers(50, 'bench recipients');
    for (let i = 0; (await chain.blockNumber()) < opts.blocks; i++) {
      const to = i % 5 === 0 ? depositAddress : others[i % others.length]!;
      if (i % 2) await chain.transfer(alice!, token, to, 1_000n + BigInt(i));
      else await chain.sendNative(alice!, to, 10n ** 12n + BigInt(i));
    }
    await chain.mine(3);
    const runs: DepositsBenchRun[] = [];
    let chainId = 43100;
    for (let round = 0; round < rounds; round++) {
      for (const size of [smallSize, largeSize]) {
        const scanner = scannerOver(opts.db, systemClock, { rangeSize: 100 });
        scanner.watched.push({ address: depositAddress, chatId: GROUP }, ...strangers(size - 1, `bench watched ${size}`).map((address) => ({ address, chatId: GROUP })));
        const config = chainConfig(chainId++, front.url, 2, [{ address: token.address, symbol: 'USDT', decimals: 6 }]);
        front.reset();
        const started = performance.now();
        let blocks = 0;
        let deposits = 0;
        for (;;) {
          const pass = await scanner.deposits.scanChain(config);
          if (pass.range) blocks += pass.range.to - pass.range.from + 1;
          deposits += pass.seen;
          if (pass.caughtUp) break;
        }
        const seconds = (performance.now() - started) / 1000;
        scanner.deposits.close();
        runs.push({ watched: size, blocks, blocksPerSecond: blocks / seconds, rpcCalls: front.totalCalls(), httpRequests: front.requests, deposits });
      }
    }
    const median = (size: number) => {
      const of = runs.filter((r) => r.watched === size).sort((a, b) => a.blocksPerSecond - b.blocksPerSecond);
      return of[Math.floor(of.length / 2)]!;
    };
    return { runs, small: median(smallSize), large: median(largeSize) };
  } finally {
    await front.close();
    await chain.close();
  }
}
