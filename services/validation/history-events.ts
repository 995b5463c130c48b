// The events validation records in history. They are about raids (subject kind 'raid'), so their actions
// carry the raid's prefix, as they always did in the stored trail. Ids and token amounts inside data are
// strings: JSON has no exact big integers, and the hash chain covers the bytes as they were written. So a
// Telegram id is a decimal string here, not the TelegramUserId the service holds: decisions.ts converts it
// where it appends, and sealed events keep verifying.
import type { Verdict } from './anti-fraud.js';
import type { Decision } from './decisions.js';
import type { SplitRule } from './reward-split.js';

export type ValidationHistoryEvent =
  | {
      action: 'raid.validated';
      subject: 'raid';
      data: {
        counts: Record<Verdict, number>;
        /** Verdicts of claims that rest on the member's word alone. */
        selfReportOnly: Record<Verdict, number>;
        timelineReads: { read: number; wanted: number; verified: number };
        claimants: number;
        digest: string;
        digestVersion: number;
        reward: { amount: string; token: string; split: SplitRule; rule: string; remainder: string; undistributed: string } | null | undefined;
        xRequests: number;
        xCostMicros: string;
      };
    }
  | {
      action: 'raid.claim_decided';
      subject: 'raid';
      data: { telegramUserId: string; decision: Decision; from: Verdict; to: Verdict; points: number; appeal: boolean; rewardResplit: boolean };
    }
  | {
      /** A funded pool settled: paid to the accepted claimants (the rest back to the group), or voided back to
       * the group when nobody was accepted. Flagged claimants nobody decided within the review window count as
       * not accepted and are listed in `undecided`. Each payout names the claimant's outcome digest
       * (sha256 of digest.ts outcomeRecord of the outcome as paid). */
      action: 'raid.pool_settled';
      subject: 'raid';
      data: {
        status: 'paid' | 'voided';
        postingId: string;
        chainId: number;
        token: string;
        symbol: string;
        amount: string;
        returned: string;
        split: SplitRule;
        rule: string;
        resultDigest: string;
        undecided: string[];
        payouts: Array<{ telegramUserId: string; amount: string; evidence: string }>;
      };
    }
  | { action: 'raid.appealed'; subject: 'raid'; data: { telegramUserId: string; text: string; reasons: string[] } };
