import type { ServiceBase } from '../platform/service-base.js';
import type { ChainConfig } from '../platform/chains.js';
import type { RetryOptions } from '../platform/evm-rpc.js';
import type { HistoryAppender } from '../history/index.js';
import type { Ledger } from '../ledger/index.js';
import type { Notifications } from '../notifications/index.js';
import type { Users } from '../users/index.js';
import type { WithdrawalHistoryEvent } from './history-events.js';
import type { WithdrawalMessages } from './messages.js';

/** The hot wallet as the worker needs it: an address and offline signing (an ethers Wallet fits). The key
 * never leaves it; the service neither logs nor stores it. */
export interface HotSigner {
  readonly address: string;
  signTransaction(tx: {
    type: number; chainId: number; nonce: number; to: string; value: bigint; data: string; gasLimit: bigint;
    gasPrice?: bigint; maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint;
  }): Promise<string>;
}

/** Test hooks: each runs at its point of a pass; a throw there is a crash at that point (the pass stops). */
export interface PayHooks {
  /** Withdrawals claimed and nonces assigned, inside the signing transaction, before any signature. */
  beforeSign?(ids: string[]): void | Promise<void>;
  /** After the signed transactions are committed (status `signed`), before any broadcast. */
  afterSign?(ids: string[]): void | Promise<void>;
  /** After one withdrawal's transaction was broadcast, before it is marked `sent`. */
  afterBroadcast?(id: string): void | Promise<void>;
  /** After a confirmed receipt was read, before it is recorded (status, ledger posting, the member's notice). */
  beforeReceiptRecorded?(id: string): void | Promise<void>;
}

/** Postgres (its tables, the ledger's, the outbox's) and the chains' RPC; no Redis. */
export interface WithdrawalsDeps extends Pick<ServiceBase, 'db' | 'log' | 'metrics' | 'clock'> {
  chains: readonly ChainConfig[];
  hotWallet: HotSigner;
  /** The amount moves through the ledger, in the service's transactions. */
  ledger: Pick<Ledger, 'post' | 'balance'>;
  /** Only a wallet linked to the member (signed, SIWE) may receive. */
  users: Pick<Users, 'walletOwner'>;
  notifications: Pick<Notifications, 'enqueue'>;
  messages: (botId: number) => WithdrawalMessages;
  history: HistoryAppender<WithdrawalHistoryEvent>;
  /** Withdrawals signed per chain and pass at most (default 100). */
  batchSize?: number;
  /** Gas limit of an ERC-20 transfer (default 100,000: standard tokens use 35-65k; unused gas is not paid). */
  tokenGasLimit?: bigint;
  /** Per RPC request (default 10 s). */
  rpcTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  hooks?: PayHooks;
}
