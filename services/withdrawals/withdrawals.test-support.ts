// What the withdrawal tests and the bench share: the service over a real database, real users (wallets linked
// by a real SIWE signature) and a testkit chain; members funded in the ledger; and the chain's own count of
// what the hot wallet paid to whom (Transfer logs per token, value transfers for the native coin).
import type { DataSource } from 'typeorm';
import { id as topicOf, getAddress, type Wallet } from 'ethers';
import type { Redis } from 'ioredis';
import { createHistory } from '../history/index.js';
import { silentLogger, type Logger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import type { Clock } from '../platform/clock.js';
import type { ChainConfig } from '../platform/chains.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';
import { enqueue } from '../notifications/enqueue.js';
import { ledgerOver } from '../ledger/ledger.test-support.js';
import type { Asset, Ledger } from '../ledger/index.js';
import { createUsers, type Users } from '../users/index.js';
import { startLocalChain, type LocalChain, type TestTokenHandle } from '../../testkit/chain/index.js';
import { TEST_XPUB } from '../wallet/wallet.test-support.js';
import { createWithdrawals, type PayHooks, type Withdrawals, type WithdrawalsDeps } from './index.js';

export interface WithdrawalsHarness {
  withdrawals: Withdrawals;
  ledger: Ledger;
  /** Outbox rows queued for members: their dedupe keys and texts. */
  notices: Array<{ dedupeKey: string; chatId: number; text: string }>;
  hooks: PayHooks;
}

export function usersOver(db: DataSource, redis: Redis, prefix: string, clock: Clock): Users {
  const base = { db, clock, log: silentLogger(), metrics: createMetrics({ defaults: false }) };
  return createUsers({ ...base, history: createHistory(base), redis, prefix });
}

/** Links `wallet` to `member` the way a member does: the challenge, signed by the wallet's key. */
export async function linkWallet(users: Users, member: TelegramUserId, wallet: Wallet): Promise<void> {
  await users.touch({ id: member, first_name: `m${member}` }, 1);
  const challenge = await users.startWalletLink(member, wallet.address);
  const result = await users.finishWalletLink(member, await wallet.signMessage(challenge.message));
  if (!result.ok) throw new Error(`wallet not linked: ${result.reason}`);
}

export function withdrawalsOver(
  db: DataSource,
  clock: Clock,
  options: { chains: ChainConfig[]; hotWallet: WithdrawalsDeps['hotWallet']; users: Pick<Users, 'walletOwner'>; batchSize?: number; log?: Logger },
): WithdrawalsHarness {
  const base = { db, clock, log: options.log ?? silentLogger(), metrics: createMetrics({ defaults: false }) };
  const ledger = ledgerOver(db, clock);
  const notices: WithdrawalsHarness['notices'] = [];
  const hooks: PayHooks = {};
  const withdrawals = createWithdrawals({
    ...base,
    chains: options.chains,
    hotWallet: options.hotWallet,
    ledger,
    users: options.users,
    notifications: {
      enqueue: async (tx, message) => {
        const id = await enqueue(tx, clock, message);
        notices.push({ dedupeKey: message.dedupeKey ?? '', chatId: message.chatId, text: String((message.payload as { text?: string }).text) });
        return id;
      },
    },
    messages: () => ({
      paid: (n) => ({ text: `paid ${n.amount} ${n.symbol} to ${n.to} ${n.txHash}` }),
      failed: (n) => ({ text: `failed ${n.amount} ${n.symbol} to ${n.to} ${n.txHash}` }),
    }),
    history: createHistory(base),
    rpcTimeoutMs: 5000,
    retry: { attempts: 4, baseMs: 20, maxMs: 200 },
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    hooks,
  });
  return { withdrawals, ledger, notices, hooks };
}

/** Rewards a member earned (from the chain's side of the books, as a raid payout would end). */
export function reward(ledger: Ledger, key: string, member: TelegramUserId, asset: Asset, amount: bigint) {
  return ledger.post({
    idempotencyKey: key,
    kind: 'test.reward',
    lines: [
      { account: { kind: 'chain', owner: 'world' }, asset, amount: -amount },
      { account: { kind: 'member_rewards', owner: String(member) }, asset, amount },
    ],
  });
}

const TRANSFER = topicOf('Transfer(address,address,uint256)');

/** Every payment the hot wallet made on chain, as `${token}:${to}` -> list of amounts (token: lower-case
 * address or 'native'), read from the chain itself: Transfer logs from `from`, and value transfers of
 * successful transactions from `from`. */
export async function paymentsOnChain(chain: LocalChain, from: string, tokens: string[]): Promise<Map<string, bigint[]>> {
  const out = new Map<string, bigint[]>();
  const add = (key: string, amount: bigint) => out.set(key, [...(out.get(key) ?? []), amount]);
  const head = await chain.blockNumber();
  const fromTopic = `0x${'0'.repeat(24)}${from.slice(2).toLowerCase()}`;
  const logs = await chain.provider.getLogs({ fromBlock: 0, toBlock: head, address: tokens, topics: [TRANSFER, fromTopic] });
  for (const log of logs) add(`${log.address.toLowerCase()}:${getAddress(`0x${log.topics[2]!.slice(26)}`)}`, BigInt(log.data));
  for (let n = 0; n <= head; n++) {
    const block = await chain.provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      if (tx.from !== getAddress(from) || tx.value === 0n || !tx.to) continue;
      const receipt = await chain.provider.getTransactionReceipt(tx.hash);
      if (receipt?.status === 1) add(`native:${getAddress(tx.to)}`, tx.value);
    }
  }
  return out;
}

export function localChainConfig(chain: LocalChain, confirmations: number, tokens: Array<{ address: string; symbol: string; decimals: number; minWithdrawal?: string }>, rpcUrl = chain.rpcUrl): ChainConfig {
  return { id: chain.chainId, name: 'Local', rpcUrl, confirmations, native: { symbol: 'ETH', decimals: 18, minWithdrawal: '1000' }, explorerUrl: 'https://explorer.example', tokens };
}

/** A local chain that can pay: a 6-decimal USDT deployed, the hot wallet (account 9) holding `float` of it,
 * and the platform's variables for that chain (deposit xpub, CHAINS with a 1 USDT minimum, the hot wallet's
 * key). The e2e and API tests start a platform from `env`. */
export async function payingChain(options: { chainId: number; confirmations: number; float?: bigint }): Promise<{
  chain: LocalChain;
  usdt: TestTokenHandle;
  asset: Asset;
  env: { WALLET_XPUB: string; CHAINS: string; HOT_WALLET_KEY: string };
}> {
  const chain = await startLocalChain({ chainId: options.chainId });
  const usdt = await chain.deployToken('USDT', 6);
  const hot = chain.accounts[9]!;
  await chain.mint(usdt, hot.address, options.float ?? 100_000_000n);
  const CHAINS = JSON.stringify([
    { id: chain.chainId, name: 'Local', rpcUrl: chain.rpcUrl, confirmations: options.confirmations, explorerUrl: 'https://explorer.example', native: { symbol: 'ETH' }, tokens: [{ address: usdt.address, symbol: 'USDT', decimals: 6, minWithdrawal: '1000000' }] },
  ]);
  return { chain, usdt, asset: { chainId: chain.chainId, token: usdt.address.toLowerCase() }, env: { WALLET_XPUB: TEST_XPUB, CHAINS, HOT_WALLET_KEY: hot.privateKey } };
}
