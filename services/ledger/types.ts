// The ledger's plain data: what a caller gives and gets back. Amounts are bigint (a token's smallest unit),
// never numbers: 10 tokens of 18 decimals already exceed 2^53.
import type { ActorKind } from '../history/index.js';

/**
 * Who holds an amount. Per asset, each kind is one account per owner:
 * - group_balance: a group's money (owner: the group's chat id);
 * - group_pool: money held for one raid's rewards (owner: the raid id), pending until paid out or released;
 * - member_rewards: what a member has earned and not withdrawn (owner: the member's Telegram user id);
 * - withdrawals_in_flight: sent to the chain, not yet confirmed (owner: the withdrawal's own id);
 * - fees: the platform's fees (owner: by convention 'platform');
 * - chain: the outside world (owner: by convention 'world'); the only kind that may go below zero, by what
 *   came in from it.
 */
export type AccountKind = 'group_balance' | 'group_pool' | 'member_rewards' | 'withdrawals_in_flight' | 'fees' | 'chain';
export const ACCOUNT_KINDS: readonly AccountKind[] = ['group_balance', 'group_pool', 'member_rewards', 'withdrawals_in_flight', 'fees', 'chain'];

export interface LedgerAccount {
  kind: AccountKind;
  owner: string;
}

/** A token on a chain: `token` is the contract address in lower case, or 'native' for the chain's own coin. */
export interface Asset {
  chainId: number;
  token: string;
}

/** One line of a posting: `amount` is added to the account's balance (negative takes from it). */
export interface PostingLine {
  account: LedgerAccount;
  asset: Asset;
  amount: bigint;
}

/** Plain JSON the caller keeps with a posting (a raid id, a transaction hash): no bigints, no floats' NaN. */
export type PostingReference = Record<string, unknown>;

export interface PostingInput {
  /** Made by the caller from what the posting is for (`raid:42:payout`), so a retried call posts once. */
  idempotencyKey: string;
  /** What kind of movement this is, lower case with dots or underscores (`deposit`, `raid.hold`). */
  kind: string;
  /** Non-zero amounts; per asset they sum to zero. */
  lines: readonly PostingLine[];
  reference?: PostingReference;
  memo?: string;
  /** Who made it, for the history event; the system when left out. */
  actor?: { kind: ActorKind; id?: string };
}

export interface Posting {
  id: string;
  idempotencyKey: string;
  kind: string;
  memo: string | null;
  createdAt: Date;
  reference: PostingReference;
  /** In the order they were applied (by account). */
  lines: PostingLine[];
}

/** One line of an account's statement, with the account's balance just after it. */
export interface StatementEntry {
  postingId: string;
  lineId: string;
  /** 1, 2, 3... in the order lines were applied to this account (follows the commits, unlike lineId). */
  accountSeq: string;
  kind: string;
  idempotencyKey: string;
  createdAt: Date;
  amount: bigint;
  balanceAfter: bigint;
  reference: PostingReference;
}

export interface StatementPage {
  entries: StatementEntry[];
  /** Pass back to get the next (older) page; null on the last one. */
  nextCursor: string | null;
}

/** A line of an owner's statement across assets: a StatementEntry with its asset. */
export interface OwnerStatementEntry extends StatementEntry {
  asset: Asset;
}

export interface OwnerStatementPage {
  entries: OwnerStatementEntry[];
  /** Pass back to get the next (older) page; null on the last one. */
  nextCursor: string | null;
}
