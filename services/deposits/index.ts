// The deposit scanner: reads each configured chain's new blocks in ranges, records transfers to the watched
// deposit addresses as seen at once (pending, with confirmations), and credits each exactly once to its
// group's balance in the ledger after the chain's confirmations, following reorgs. See README.md.
import type { ServiceSchema } from '../platform/database.js';
import type { ChainConfig } from '../platform/chains.js';
import { counter, gauge } from '../platform/metrics.js';
import type { ChatId } from '../platform/telegram-ids.js';
import type { DepositsDeps } from './deps.js';
import { createChainRpc, DEFAULT_RETRY, type ChainRpc } from '../platform/evm-rpc.js';
import { scanPass } from './scan.js';
import type { ScanMetrics, ScanPass } from './scan-context.js';
import { rowOf, type DepositRow } from './store.js';
import { CreateDeposits1764000012000 } from './migrations/create-deposits-1764000012000.js';

export type { DepositsDeps, ScanHooks } from './deps.js';
export type { DepositMessages, CreditedDepositNotice, MessageContent as DepositMessageContent } from './messages.js';
export type { DepositHistoryEvent } from './history-events.js';
export type { ScanPass } from './scan-context.js';
export type { DepositRow, DepositStatus } from './store.js';

export const depositsSchema: ServiceSchema = { migrations: [CreateDeposits1764000012000] };

export interface Deposits {
  /**
   * One pass over the chain: reads the next range of blocks (at most the configured range size) up to the
   * head, records the deposits to watched addresses in it as seen, follows a reorg back to the common
   * ancestor (pending deposits of removed blocks dropped, or moved when found again), and credits the
   * deposits that have the chain's confirmations and whose block is still canonical. Answers what it did;
   * throws when the RPC stays down past its retries (the cursor is where the last committed pass left it).
   */
  scanChain(chain: ChainConfig): Promise<ScanPass>;
  /** A group's deposits, newest first: pending (`seen`, with confirmations as of the last pass), credited,
   * dropped and reversed; those with an id below `beforeId` when given (the last id of the page before), at
   * most `limit` (default 50, at most 500). */
  ofGroup(chatId: ChatId, options?: { limit?: number; beforeId?: string }): Promise<DepositRow[]>;
  /** Closes the chains' RPC providers. */
  close(): void;
}

export function createDeposits(deps: DepositsDeps): Deposits {
  const rpcs = new Map<number, ChainRpc>();
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const rpcRetries = counter(deps.metrics, 'warhorn_deposits_rpc_retries_total', 'Chain RPC calls of the deposit scanner retried after an error or timeout', ['chain', 'method']);
  const metrics: ScanMetrics = {
    seen: counter(deps.metrics, 'warhorn_deposits_seen_total', 'Deposits recorded as seen (or moved by a rescan)', ['chain']),
    credited: counter(deps.metrics, 'warhorn_deposits_credited_total', 'Deposits credited to a group balance', ['chain']),
    dropped: counter(deps.metrics, 'warhorn_deposits_dropped_total', 'Pending deposits whose block left the chain, or whose transaction failed', ['chain']),
    reorgs: counter(deps.metrics, 'warhorn_deposits_reorgs_total', 'Reorgs the scanner rewound over', ['chain']),
    reorgedAfterCredit: counter(deps.metrics, 'warhorn_deposits_reorged_after_credit_total', 'ALERT: credited deposits whose block a reorg removed', ['chain']),
    lag: gauge(deps.metrics, 'warhorn_deposits_lag_blocks', 'Blocks between the chain head and the scanner cursor', ['chain']),
  };
  function rpcOf(chain: ChainConfig): ChainRpc {
    let rpc = rpcs.get(chain.id);
    if (!rpc) {
      rpc = createChainRpc({
        url: chain.rpcUrl,
        chainId: chain.id,
        timeoutMs: deps.rpcTimeoutMs ?? 10_000,
        retry,
        log: deps.log,
        onRetry: (method) => rpcRetries.inc({ chain: String(chain.id), method }),
      });
      rpcs.set(chain.id, rpc);
    }
    return rpc;
  }
  return {
    scanChain: (chain) => scanPass({ deps, chain, rpc: rpcOf(chain), metrics, rangeSize: deps.rangeSize ?? 100 }),
    async ofGroup(chatId, options = {}) {
      const rows: Array<Record<string, unknown>> = await deps.db.query(
        `SELECT * FROM deposits.deposits WHERE chat_id = $1 AND ($3::bigint IS NULL OR id < $3::bigint) ORDER BY id DESC LIMIT $2`,
        [chatId, Math.min(Math.max(options.limit ?? 50, 1), 500), options.beforeId ?? null],
      );
      return rows.map(rowOf);
    },
    close() {
      for (const rpc of rpcs.values()) rpc.destroy();
      rpcs.clear();
    },
  };
}
