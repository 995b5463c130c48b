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
  | { action: 'raid.appealed'; subject: 'raid'; data: { telegramUserId: string; text: string; reasons: string[] } };
