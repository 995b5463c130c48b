// Withdrawals: a member moves reward balance to a linked wallet. The request moves the amount to in flight at
// once (ledger); the worker signs the chain's requested withdrawals with pipelined nonces of the hot wallet,
// commits the signed bytes before broadcasting them, re-broadcasts the same bytes after a crash or a reorg,
// and after the chain's confirmations records the payment (or, for a transaction that reverted, returns the
// amount) and tells the member. Each withdrawal is paid on chain at most once (one nonce, one signed
// transaction) and, while the chain and the wallet's gas last, at least once. See README.md.
import type { ServiceSchema } from '../platform/database.js';
import type { ChainConfig } from '../platform/chains.js';
import { minWithdrawalOf } from '../platform/chains.js';
import { counter } from '../platform/metrics.js';
import { createChainRpc, DEFAULT_RETRY, type ChainRpc } from '../platform/evm-rpc.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';
import { getAddress } from 'ethers';
import type { WithdrawalsDeps } from './deps.js';
import type { PayContext, PayMetrics, PayPass } from './pay-context.js';
import { signBatch } from './sign.js';
import { broadcastSigned } from './broadcast.js';
import { confirmSent } from './confirm.js';
import { requestWithdrawal, type WithdrawalRequest, type WithdrawalRequestResult } from './request.js';
import { rowOf, viewOf, type Withdrawal } from './store.js';
import { CreateWithdrawals1764000014000 } from './migrations/create-withdrawals-1764000014000.js';

export type { WithdrawalsDeps, HotSigner, PayHooks } from './deps.js';
export type { WithdrawalMessages, WithdrawalNotice, MessageContent as WithdrawalMessageContent } from './messages.js';
export type { WithdrawalHistoryEvent } from './history-events.js';
export type { PayPass } from './pay-context.js';
export type { Withdrawal, WithdrawalStatus } from './store.js';
export type { WithdrawalRequest, WithdrawalRequestResult, WithdrawalRefusal } from './request.js';

export const withdrawalsSchema: ServiceSchema = { migrations: [CreateWithdrawals1764000014000] };

/** One asset a member holds rewards in, with what a withdrawal of it needs. */
export interface RewardBalance {
  chainId: number;
  chainName: string;
  /** 'native' or the lower-case contract address. */
  token: string;
  symbol: string;
  decimals: number;
  amount: bigint;
  minWithdrawal: bigint;
}

export interface Withdrawals {
  /** The hot wallet's address (checksummed): where the operator tops up tokens and gas. */
  readonly hotAddress: string;
  /**
   * A member asks to withdraw (an amount in smallest units, or 'all') to one of their linked wallets. On
   * success the amount has left their rewards (in flight) and the withdrawal is `requested`; the worker pays
   * it. Refusals move nothing: `unknown_token` (not a chain/token the deployment pays in), `bad_address`,
   * `wallet_not_linked` (not a wallet this member linked), `below_minimum` (with the minimum),
   * `insufficient_balance` (with the balance). A repeated `idempotencyKey` answers the first request.
   */
  request(member: TelegramUserId, input: WithdrawalRequest): Promise<WithdrawalRequestResult>;
  /** The member's withdrawals, newest first; pass `nextCursor` back for older ones (limit 1-100, default 20). */
  list(member: TelegramUserId, page?: { cursor?: string | null; limit?: number }): Promise<{ items: Withdrawal[]; nextCursor: string | null }>;
  /** The member's reward balance of every configured asset (zeros included), in the chains' order. */
  balances(member: TelegramUserId): Promise<RewardBalance[]>;
  /**
   * One pass of the worker over a chain: signs a batch of requested withdrawals (committed before any
   * broadcast), broadcasts what is signed, re-broadcasts what the node lost, and records what has the chain's
   * confirmations (paid, or failed and returned), telling the members. Throws when the RPC stays down past
   * its retries; whatever committed stays, and the next pass goes on from there.
   */
  payChain(chain: ChainConfig): Promise<PayPass>;
  /** Closes the chains' RPC providers. */
  close(): void;
}

export function createWithdrawals(deps: WithdrawalsDeps): Withdrawals {
  const from = getAddress(deps.hotWallet.address);
  const rpcs = new Map<number, { rpc: ChainRpc; checked: Promise<void> }>();
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const rpcRetries = counter(deps.metrics, 'warhorn_withdrawals_rpc_retries_total', 'Chain RPC calls of the withdrawal worker retried after an error or timeout', ['chain', 'method']);
  const metrics: PayMetrics = {
    signed: counter(deps.metrics, 'warhorn_withdrawals_signed_total', 'Withdrawal transfers signed (committed before broadcast)', ['chain']),
    sent: counter(deps.metrics, 'warhorn_withdrawals_sent_total', 'Withdrawal transfers a node accepted', ['chain']),
    confirmed: counter(deps.metrics, 'warhorn_withdrawals_confirmed_total', 'Withdrawals paid and confirmed on chain', ['chain']),
    failed: counter(deps.metrics, 'warhorn_withdrawals_failed_total', 'Withdrawals whose transfer reverted on chain (amount returned)', ['chain']),
    rebroadcast: counter(deps.metrics, 'warhorn_withdrawals_rebroadcast_total', 'Signed withdrawal transfers broadcast again because the node did not know them', ['chain']),
    refused: counter(deps.metrics, 'warhorn_withdrawals_broadcast_refused_total', 'ALERT when it grows: broadcasts a node refused for a transaction it does not know (gas, nonce taken)', ['chain']),
  };
  function rpcOf(chain: ChainConfig) {
    let entry = rpcs.get(chain.id);
    if (!entry) {
      const rpc = createChainRpc({
        url: chain.rpcUrl, chainId: chain.id, timeoutMs: deps.rpcTimeoutMs ?? 10_000, retry, log: deps.log,
        onRetry: (method) => rpcRetries.inc({ chain: String(chain.id), method }),
      });
      // A wrong RPC URL must not receive transfers signed for another chain (they would be refused, but the
      // nonces would be spent in our counter): checked once per provider, before the first signature.
      const checked = rpc.chainId().then((id) => {
        if (id !== chain.id) throw new Error(`withdrawals: the RPC of chain ${chain.id} (${chain.name}) serves chain ${id}`);
      });
      entry = { rpc, checked };
      checked.catch(() => {
        rpcs.delete(chain.id);
        rpc.destroy();
      });
      rpcs.set(chain.id, entry);
    }
    return entry;
  }
  return {
    hotAddress: from,
    request: (member, input) => requestWithdrawal(deps, member, input),
    async list(member, page = {}) {
      const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
      const cursor = page.cursor && /^[1-9]\d{0,18}$/.test(page.cursor) ? page.cursor : null;
      const rows: Array<Record<string, unknown>> = await deps.db.query(
        `SELECT * FROM withdrawals.withdrawals WHERE telegram_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
        [member, cursor, limit + 1],
      );
      const items = rows.slice(0, limit).map((r) => viewOf(rowOf(r), deps.chains));
      return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
    },
    async balances(member) {
      const assets = deps.chains.flatMap((c) => [
        { chain: c, token: 'native', symbol: c.native.symbol, decimals: c.native.decimals },
        ...c.tokens.map((t) => ({ chain: c, token: t.address.toLowerCase(), symbol: t.symbol, decimals: t.decimals })),
      ]);
      const account = { kind: 'member_rewards' as const, owner: String(member) };
      const amounts = await Promise.all(assets.map((a) => deps.ledger.balance(account, { chainId: a.chain.id, token: a.token })));
      return assets.map((a, i) => ({
        chainId: a.chain.id, chainName: a.chain.name, token: a.token, symbol: a.symbol, decimals: a.decimals, amount: amounts[i]!,
        minWithdrawal: minWithdrawalOf(a.chain, a.token) ?? 1n,
      }));
    },
    async payChain(chain) {
      const { rpc, checked } = rpcOf(chain);
      await checked;
      const ctx: PayContext = { deps, chain, rpc, metrics, from };
      const signed = await signBatch(ctx);
      // One broadcaster per hot wallet at a time (a transaction-level advisory lock, tried, not waited for:
      // the other worker skips to its next pass). Not what makes payments happen once (one nonce, one signed
      // transaction does that), but nodes want nonces in order, two senders of the same bytes waste calls, and
      // the local chain (ganache) was seen mining one raw transaction twice when two workers sent it at once.
      // The lock's own connection stays idle in its transaction during the RPC calls (bounded by
      // idle_in_transaction_session_timeout; if Postgres ends it, the lock goes and the pass fails, safely).
      const settled = await deps.db.transaction(async (lock) => {
        const [{ got }] = (await lock.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS got`, [`withdrawals.broadcast:${chain.id}:${from.toLowerCase()}`])) as [{ got: boolean }];
        if (!got) return { sent: 0, confirmed: 0, failed: 0, rebroadcast: 0 };
        const sent = await broadcastSigned(ctx);
        return { sent, ...(await confirmSent(ctx)) };
      });
      const { sent, confirmed, failed, rebroadcast } = settled;
      const [{ open }] = (await deps.db.query(
        `SELECT count(*)::int AS open FROM withdrawals.withdrawals WHERE chain_id = $1 AND status IN ('requested', 'signed', 'sent')`,
        [chain.id],
      )) as [{ open: number }];
      return { chainId: chain.id, signed, sent, confirmed, failed, rebroadcast, open };
    },
    close() {
      for (const { rpc } of rpcs.values()) rpc.destroy();
      rpcs.clear();
    },
  };
}
