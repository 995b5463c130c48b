// The withdrawal worker over a local chain (testkit/chain, each transaction mined at once in its own block)
// and a real database: withdrawals paid per minute in batches, from requested to confirmed (signed and
// committed, broadcast with pipelined nonces, receipt checked against the canonical block, ledger posted,
// member told), with the chain's own Transfer logs counted after: each request paid exactly once.
import type { DataSource } from 'typeorm';
import { performance } from 'node:perf_hooks';
import { Wallet } from 'ethers';
import { systemClock } from '../services/platform/clock.js';
import { telegramUserId, type TelegramUserId } from '../services/platform/telegram-ids.js';
import { startLocalChain } from '../testkit/chain/index.js';
import { localChainConfig, paymentsOnChain, reward, withdrawalsOver } from '../services/withdrawals/withdrawals.test-support.js';

export interface WithdrawalsBenchResult {
  requests: number;
  batchSize: number;
  passes: number;
  seconds: number;
  perMinute: number;
  /** Transfers the chain shows from the hot wallet (must equal `requests`). */
  paidOnChain: number;
}

export async function benchWithdrawals(opts: { db: DataSource; requests: number; batchSize?: number; /** Its own per run: the hot wallet's nonce counter is per chain. */ chainId?: number }): Promise<WithdrawalsBenchResult> {
  const batchSize = opts.batchSize ?? 100;
  const chain = await startLocalChain({ chainId: opts.chainId ?? 45_000 });
  try {
    const [usdt, dai] = [await chain.deployToken('USDT', 6), await chain.deployToken('DAI', 18)];
    const hot = chain.accounts[9]!;
    await chain.mint(usdt, hot.address, 10n ** 15n);
    await chain.mint(dai, hot.address, 10n ** 27n);
    // Confirmations 0: the block holding the transfer is enough (a real chain's wait is the chain's, not ours).
    const config = localChainConfig(chain, 0, [
      { address: usdt.address, symbol: 'USDT', decimals: 6 },
      { address: dai.address, symbol: 'DAI', decimals: 18 },
    ]);
    // Wallet linking is the users service's (measured nowhere here): owners are a stand-in.
    const owners = new Map<string, TelegramUserId>();
    const h = withdrawalsOver(opts.db, systemClock, { chains: [config], hotWallet: hot, users: { walletOwner: async (a) => owners.get(a) ?? null }, batchSize });
    const members = Array.from({ length: Math.ceil(opts.requests / 2) }, (_, i) => ({ id: telegramUserId(9_000_000 + i), wallet: Wallet.createRandom().address }));
    for (const m of members) owners.set(m.wallet, m.id);
    let made = 0;
    for (const [i, m] of members.entries()) {
      for (const token of [usdt, dai]) {
        if (made === opts.requests) break;
        const asset = { chainId: chain.chainId, token: token.address.toLowerCase() };
        await reward(h.ledger, `bench:withdrawals:${chain.chainId}:${i}:${token.symbol}`, m.id, asset, 10n ** BigInt(token.decimals));
        const r = await h.withdrawals.request(m.id, { chainId: chain.chainId, token: asset.token, amount: 10n ** BigInt(token.decimals) / 2n + BigInt(i), to: m.wallet, botId: 1 });
        if (!r.ok) throw new Error(`bench request refused: ${r.reason}`);
        made++;
      }
    }
    const started = performance.now();
    let passes = 0;
    for (;;) {
      passes++;
      const pass = await h.withdrawals.payChain(config);
      if (pass.open === 0) break;
      if (passes > 10 * Math.ceil(opts.requests / batchSize) + 10) throw new Error('withdrawals bench: still open');
    }
    const seconds = (performance.now() - started) / 1000;
    h.withdrawals.close();
    const paid = await paymentsOnChain(chain, hot.address, [usdt.address, dai.address]);
    const paidOnChain = [...paid.values()].reduce((n, amounts) => n + amounts.length, 0);
    if (paidOnChain !== made) throw new Error(`withdrawals bench: ${paidOnChain} transfers on chain for ${made} requests`);
    return { requests: made, batchSize, passes, seconds, perMinute: (made / seconds) * 60, paidOnChain };
  } finally {
    await chain.close();
  }
}
