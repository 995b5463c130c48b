import type { ChainConfig } from '../platform/chains.js';
import type { ChainRpc } from '../platform/evm-rpc.js';
import type { Counter } from 'prom-client';
import type { WithdrawalsDeps } from './deps.js';

export interface PayMetrics {
  signed: Counter<'chain'>;
  sent: Counter<'chain'>;
  confirmed: Counter<'chain'>;
  failed: Counter<'chain'>;
  rebroadcast: Counter<'chain'>;
  refused: Counter<'chain'>;
}

/** What one pass over one chain works with. */
export interface PayContext {
  deps: WithdrawalsDeps;
  chain: ChainConfig;
  rpc: ChainRpc;
  metrics: PayMetrics;
  /** The hot wallet's address, checksummed. */
  from: string;
}

/** What a pass did, for the worker's log and the tests. */
export interface PayPass {
  chainId: number;
  signed: number;
  sent: number;
  confirmed: number;
  failed: number;
  /** Signed transactions a node did not know (dropped, reorged out, never sent) broadcast again, same bytes. */
  rebroadcast: number;
  /** Withdrawals not yet done after the pass (requested, signed or sent). */
  open: number;
}
