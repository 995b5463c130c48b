// The ledger: double-entry bookkeeping of every token amount the platform holds for groups and members, exact
// (bigint / numeric(78,0)), per asset (chain + token). Postings are append-only, balance per asset, post once
// per idempotency key, and record a history event in their transaction. See README.md for the guarantees.
import type { ServiceSchema, Tx } from '../platform/database.js';
import { counter } from '../platform/metrics.js';
import type { LedgerDeps } from './deps.js';
import type { AccountKind, Asset, LedgerAccount, OwnerStatementPage, Posting, PostingInput, StatementPage } from './types.js';
import { postIn } from './post.js';
import { readBalance, readPosting, readStatement } from './read.js';
import { readBalances, readFundedAccounts, readOwnerStatement } from './read-owner.js';
import { checkAsset } from './validate.js';
import { InsufficientFundsError } from './insufficient-funds-error.js';
import { IdempotencyConflictError } from './idempotency-conflict-error.js';
import { CreateLedger1764000010000 } from './migrations/create-ledger-1764000010000.js';

export type { AccountKind, Asset, LedgerAccount, OwnerStatementEntry, OwnerStatementPage, Posting, PostingInput, PostingLine, PostingReference, StatementEntry, StatementPage } from './types.js';
export { ACCOUNT_KINDS } from './types.js';
export type { LedgerDeps } from './deps.js';
export type { LedgerHistoryEvent } from './history-events.js';
export { InsufficientFundsError } from './insufficient-funds-error.js';
export { IdempotencyConflictError } from './idempotency-conflict-error.js';
export { InvalidCursorError } from './invalid-cursor-error.js';
export { InvalidPostingError, type InvalidPostingReason } from './invalid-posting-error.js';

export const ledgerSchema: ServiceSchema = { migrations: [CreateLedger1764000010000] };

export interface Ledger {
  /**
   * Records a posting: its lines move amounts between accounts (each line's amount is added to its account),
   * summing to zero per asset. Inside the caller's transaction when one is given (it commits or rolls back
   * with it), otherwise in its own. Answers the posting. A key already posted with the same content (kind,
   * memo, reference, the same lines in any order) answers that stored posting and changes nothing; with other
   * content it throws IdempotencyConflictError. Throws InsufficientFundsError, and posts nothing, when a line
   * would take an account other than the chain below zero (inside a caller's transaction that transaction
   * is then aborted: roll it back), and InvalidPostingError for input that can never be right.
   */
  post(input: PostingInput): Promise<Posting>;
  post(tx: Tx, input: PostingInput): Promise<Posting>;
  /** The account's balance in that asset as committed (0 for an account never used); in `tx` when given. */
  balance(account: LedgerAccount, asset: Asset, tx?: Tx): Promise<bigint>;
  /** The account's lines in that asset, newest first, each with its posting and the balance just after it.
   * Pass `nextCursor` back for the next page; `limit` defaults to 50, at most 500. */
  accountStatement(account: LedgerAccount, asset: Asset, page?: { cursor?: string | null; limit?: number }): Promise<StatementPage>;
  /** One posting by its id, or null. */
  posting(id: string): Promise<Posting | null>;
  /** The account's balance in every asset it was ever used in (zero ones included), by chain then token,
   * committed (in `tx` when given): e.g. all a group's balances when it moves to a new chat id. */
  balances(account: LedgerAccount, tx?: Tx): Promise<Array<{ asset: Asset; balance: bigint }>>;
  /** The account's lines in every asset, newest first (each asset's lines in the order applied, the assets
   * merged by time), each with its asset and the balance just after it. `limit` defaults to 50, at most 500.
   * A cursor it did not give throws InvalidCursorError. */
  ownerStatement(account: LedgerAccount, page?: { cursor?: string | null; limit?: number }): Promise<OwnerStatementPage>;
  /** The accounts of `kind` that `from` paid into and that still hold a balance, newest account first: a
   * group's reward pools not yet settled (`fundedAccounts(group_balance/<chat>, 'group_pool')`). */
  fundedAccounts(from: LedgerAccount, kind: AccountKind): Promise<Array<{ account: LedgerAccount; asset: Asset; balance: bigint }>>;
}

export function createLedger(deps: LedgerDeps): Ledger {
  const { db, clock, history, log, metrics } = deps;
  // Counted when the statement succeeds; a caller's transaction may still roll back afterwards.
  const postings = counter(metrics, 'warhorn_ledger_postings_total', 'Ledger postings by outcome (posted, replayed, insufficient_funds, idempotency_conflict).', ['outcome']);

  async function postWith(tx: Tx, input: PostingInput): Promise<Posting> {
    try {
      const { posting, replayed } = await postIn(tx, input, clock.now(), history);
      postings.inc({ outcome: replayed ? 'replayed' : 'posted' });
      return posting;
    } catch (error) {
      if (error instanceof InsufficientFundsError) postings.inc({ outcome: 'insufficient_funds' });
      if (error instanceof IdempotencyConflictError) {
        postings.inc({ outcome: 'idempotency_conflict' });
        log.warn({ idempotencyKey: error.idempotencyKey, postingId: error.postingId }, 'ledger idempotency key reused with other content');
      }
      throw error;
    }
  }

  function post(txOrInput: Tx | PostingInput, maybeInput?: PostingInput): Promise<Posting> {
    if (maybeInput !== undefined) return postWith(txOrInput as Tx, maybeInput);
    // The retrying DataSource runs the whole transaction again after a deadlock or serialization failure.
    return db.transaction((tx) => postWith(tx, txOrInput as PostingInput));
  }

  return {
    post,
    balance(account, asset, tx) {
      checkAsset(asset);
      return readBalance(tx ?? db.manager, account, asset);
    },
    accountStatement(account, asset, page = {}) {
      checkAsset(asset);
      return readStatement(db.manager, account, asset, page);
    },
    posting: (id) => (/^[1-9]\d{0,18}$/.test(id) ? readPosting(db.manager, id) : Promise.resolve(null)),
    balances: (account, tx) => readBalances(tx ?? db.manager, account),
    ownerStatement: (account, page = {}) => readOwnerStatement(db.manager, account, page),
    fundedAccounts: (from, kind) => readFundedAccounts(db.manager, from, kind),
  };
}
