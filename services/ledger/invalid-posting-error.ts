/** Why a posting was refused before it reached the database: a caller's bug, not a state of the ledger. */
export type InvalidPostingReason = 'key' | 'kind' | 'memo' | 'lines' | 'account' | 'asset' | 'amount' | 'unbalanced' | 'reference';

/** A posting that cannot be right whatever the balances are (unbalanced lines, a float amount, a bad asset). */
export class InvalidPostingError extends Error {
  override name = 'InvalidPostingError';
  constructor(
    readonly reason: InvalidPostingReason,
    message: string,
  ) {
    super(`invalid ledger posting: ${message}`);
  }
}
