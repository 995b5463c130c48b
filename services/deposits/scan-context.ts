// What one chain's pass works with: the deps, the chain's RPC and the counters.
import type { Counter, Gauge } from '../platform/metrics.js';
import type { ChainConfig } from '../platform/chains.js';
import type { DepositsDeps } from './deps.js';
import type { ChainRpc } from '../platform/evm-rpc.js';

export interface ScanMetrics {
  seen: Counter<'chain'>;
  credited: Counter<'chain'>;
  dropped: Counter<'chain'>;
  reorgs: Counter<'chain'>;
  /** The alert: a credited deposit's block left the chain (a reorg deeper than the confirmations). */
  reorgedAfterCredit: Counter<'chain'>;
  lag: Gauge<'chain'>;
}

export interface ScanContext {
  deps: DepositsDeps;
  chain: ChainConfig;
  rpc: ChainRpc;
  metrics: ScanMetrics;
  rangeSize: number;
}

/** What a pass did, for the job's log and the tests. */
export interface ScanPass {
  chainId: number;
  head: number;
  /** The range read, or null when there was nothing new. */
  range: { from: number; to: number } | null;
  /** The cursor has reached the head. */
  caughtUp: boolean;
  seen: number;
  credited: number;
  dropped: number;
  reorgs: number;
  /** Credited deposits a deep reorg removed for good, taken back by a correcting posting. */
  reversed: number;
}

/** The asset of a deposit's token as the ledger names it. */
export function tokenInfo(chain: ChainConfig, token: string): { symbol: string; decimals: number } {
  if (token === 'native') return chain.native;
  const listed = chain.tokens.find((t) => t.address.toLowerCase() === token);
  return listed ? { symbol: listed.symbol, decimals: listed.decimals } : { symbol: token, decimals: 18 };
}
