// The events the deposit scanner records in history (the credits themselves are the ledger's `ledger.posted`).
// Amounts as strings, as everywhere in the trail.

export type DepositHistoryEvent = {
  /** A reorg removed the block of a deposit already credited: deeper than the chain's confirmations. */
  action: 'deposit.reorged_after_credit';
  subject: 'deposit';
  data: { chainId: number; txHash: string; logIndex: number; blockNumber: number; blockHash: string; ancestor: number; amount: string; token: string; chatId: string; postingId: string | null };
};
