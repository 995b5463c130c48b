// The sandbox's money: a local EVM chain (testkit/chain, ganache in this process) with a test USDT, the deposit
// key the platform derives group addresses from, a hot wallet for withdrawals, and a block every couple of
// seconds so confirmations advance while a person plays. Nothing here is worth anything, on purpose.
import { HDNodeWallet } from 'ethers';
import { DEPOSIT_ACCOUNT_PATH } from './services/wallet/index.js';
import type { ChainConfig } from './services/platform/chains.js';
import { startLocalChain, type LocalChain, type TestTokenHandle } from './testkit/chain/index.js';

/**
 * SANDBOX ONLY, NOT A SECRET: Hardhat's public test mnemonic, known to everyone. The sandbox derives its
 * WALLET_XPUB from it so the demo group has a deposit address on the local chain. Never send real money to
 * an address derived from it, and never use it outside the sandbox.
 */
export const SANDBOX_MNEMONIC = 'test test test test test test test test test test test junk';
/** The sandbox's WALLET_XPUB (public: the account path's extended public key of SANDBOX_MNEMONIC). */
export const SANDBOX_XPUB = HDNodeWallet.fromPhrase(SANDBOX_MNEMONIC, undefined, DEPOSIT_ACCOUNT_PATH).neuter().extendedKey;

const USDT_UNIT = 1_000_000n;
/** What the demo group's deposit address is sent at start, and what the hot wallet holds to pay withdrawals. */
export const DEMO_DEPOSIT = { usdt: 1000n * USDT_UNIT, nativeWei: 10n ** 18n } as const;
const HOT_WALLET_USDT = 10_000n * USDT_UNIT;

export interface SandboxChain {
  chain: LocalChain;
  usdt: TestTokenHandle;
  /** The chain as the platform's CHAINS lists it (confirmations 2, no explorer). */
  config: ChainConfig;
  /** WALLET_XPUB for the sandbox: SANDBOX_XPUB. */
  xpub: string;
  /** The hot wallet (one of the chain's funded accounts, given USDT too); `key` is for HOT_WALLET_KEY only. */
  hotWallet: { address: string; key: string };
  /** Sends the demo group's deposit address DEMO_DEPOSIT (USDT and native), as a person funding it would. */
  fund(address: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The chain lives in memory for one run while the sandbox's database outlives it; so each run is its own chain,
 * with its own chain id (from the start time). A scanner cursor or a credited deposit of an earlier run's chain
 * then never meets this one (it would look like a deep reorg and take that credit back); earlier runs' money
 * stays in their own asset, which the platform no longer lists.
 */
export async function startSandboxChain(options: { blockTimeMs?: number } = {}): Promise<SandboxChain> {
  const chainId = 1_000_000 + (Math.floor(Date.now() / 1000) % 1_000_000_000);
  // blockTime 0 (each transaction its own block) plus a mining timer: reorg() keeps working, and blocks
  // still come when nobody sends anything.
  const chain = await startLocalChain({ chainId });
  try {
    const usdt = await chain.deployToken('USDT', 6, 'Sandbox Tether (worthless)');
    const hot = chain.accounts[1]!;
    await chain.mint(usdt, hot.address, HOT_WALLET_USDT);
    const timer = setInterval(() => void chain.mine(1).catch(() => undefined), options.blockTimeMs ?? 2000);
    timer.unref();
    const config: ChainConfig = {
      id: chainId,
      name: 'Sandbox chain',
      rpcUrl: chain.rpcUrl,
      confirmations: 2,
      native: { symbol: 'ETH', decimals: 18 },
      tokens: [{ address: usdt.address, symbol: 'USDT', decimals: 6 }],
    };
    return {
      chain,
      usdt,
      config,
      xpub: SANDBOX_XPUB,
      hotWallet: { address: hot.address, key: hot.privateKey },
      async fund(address) {
        const funder = chain.accounts[2]!;
        await chain.mint(usdt, funder.address, DEMO_DEPOSIT.usdt);
        await chain.transfer(funder, usdt, address, DEMO_DEPOSIT.usdt);
        await chain.sendNative(funder, address, DEMO_DEPOSIT.nativeWei);
      },
      async stop() {
        clearInterval(timer);
        await chain.close();
      },
    };
  } catch (error) {
    await chain.close();
    throw error;
  }
}
