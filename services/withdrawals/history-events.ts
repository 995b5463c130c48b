// The events withdrawals record in history, one per state change (the money's moves are the ledger's own
// `ledger.posted`). Ids and amounts as strings, as everywhere in the trail.

type Subject = 'withdrawal';

export type WithdrawalHistoryEvent =
  | {
      /** A member asked to withdraw; the amount moved to in flight in the same transaction. */
      action: 'withdrawal.requested';
      subject: Subject;
      data: { telegramId: string; chainId: number; token: string; to: string; amount: string; postingId: string };
    }
  | {
      /** The transfer was signed with its nonce and committed before any broadcast. */
      action: 'withdrawal.signed';
      subject: Subject;
      data: { chainId: number; from: string; nonce: number; txHash: string };
    }
  | {
      /** A node accepted the signed transaction (or already had it). */
      action: 'withdrawal.sent';
      subject: Subject;
      data: { chainId: number; txHash: string };
    }
  | {
      /** Mined and confirmed: the member is paid; in flight moved to the chain. */
      action: 'withdrawal.confirmed';
      subject: Subject;
      data: { chainId: number; txHash: string; blockNumber: number; blockHash: string; postingId: string };
    }
  | {
      /** Mined but reverted: nothing moved on chain; the amount went back to the member's rewards. */
      action: 'withdrawal.failed';
      subject: Subject;
      data: { chainId: number; txHash: string; blockNumber: number; blockHash: string; postingId: string };
    };
