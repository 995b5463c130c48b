// What validation says in the group, as a port: the results, the admins' review of flagged members, their
// decisions and appeals. The service gives plain data (counts, members, points, the split); the bot side,
// chosen by the bot's id, writes the words, their formatting, the buttons and how a long review is paged
// (bots/features/raid-results/texts.ts). So a branded or translated bot changes texts only.
import type { Verdict } from './anti-fraud.js';
import type { RewardSplit } from './reward-split.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

/** A message's content as the outbox sends it (text, formatting, buttons): built by the bot side. */
export type MessageContent = { text: string } & Record<string, unknown>;

/** A member's Telegram profile as stored (users service); undefined when unknown. */
import type { PoolState } from './pool-state.js';

export interface MemberName {
  username: string | null;
  firstName: string;
}

export interface Member {
  telegramUserId: TelegramUserId;
  profile: MemberName | undefined;
}

/** What the results say about the claims that rested on what X cannot show. */
export interface ResultsNotes {
  /** X hid part of the engagement (likes private or capped, reposts past 100, replies past the search window). */
  likes: boolean;
  reposts: boolean;
  replies: boolean;
  likesRequested: boolean;
  repostsRequested: boolean;
  bookmarksRequested: boolean;
  /** What an unverifiable action earns, and whether also on self-report alone. */
  selfReport: number;
  selfReportAlone: boolean;
  /** Claims that rested on self-report alone, by verdict, and the group's rule for them. */
  selfReportOnly: Record<Verdict, number>;
  selfReportOnlyRule: 'flag' | 'reject';
  /** Timelines read for claimants past X's 100 reposters: read, wanted (budget or not), reposts verified. */
  timelines: { read: number; wanted: number; verified: number };
}

/** The reward split as the results tell it. The split's `rule` (reward-split.ts) stays the precise statement
 * kept in the history; the words are the bot side's. */
export type RewardData = Pick<RewardSplit, 'split' | 'remainder' | 'undistributed' | 'qualifying' | 'totalPoints' | 'cutoffPoints'> & {
  pool: { amount: bigint; token: string };
  topN: number;
  /** One winner's points and share, to show the pro-rata rule on a real case. */
  example?: { points: number; share: bigint };
};

export interface ResultsData {
  raidId: string;
  postUrl: string;
  counts: Record<Verdict, number>;
  /** The top raiders (at most ten), with their share of the pool when there is one. */
  top: Array<Member & { points: number; share: { amount: bigint; token: string } | null }>;
  notes: ResultsNotes;
  /** Null without a pool. */
  reward: RewardData | null;
  /** Where the pool stands (pool-state.ts): 'held' (funded, paid after the review) or 'unfunded' (shares fixed
   * now); and the group's review window, after which flagged members count as not accepted. */
  pool: PoolState;
  reviewHours: number;
}

export interface ReviewMember extends Member {
  xUsername: string;
  reasons: string[];
  computedPoints: number;
  /** The member's own words on an appeal (MAX_APPEAL_LENGTH bounds them). */
  appeal?: string;
}

export interface DecisionData {
  raidId: string;
  member: Member;
  admin: Member;
  accepted: boolean;
  points: number;
  appeal: boolean;
  hasPool: boolean;
  /** Where the pool stands (pool-state.ts): 'held' means the payout is still to come and counts this decision. */
  pool: PoolState;
}

export interface ValidationMessages {
  results(r: ResultsData): MessageContent;
  /** The admins' review, each message with an Accept and a Reject button per member. `members` are the
   * first flagged ones (REVIEW_MAX_LISTED), `flagged` how many there are in all: the bot side lists as many
   * as its messages hold and says how many /raidreport has besides. */
  review(raidId: string, members: ReviewMember[], flagged: number): MessageContent[];
  decision(d: DecisionData): MessageContent;
  /** An appeal put to the admins, with the buttons to decide it. */
  appeal(raidId: string, member: ReviewMember): MessageContent;
  /** A funded pool settled (payout.ts): paid to `paidMembers` members, `returned` back to the group, or voided. */
  poolSettled(d: PoolSettledData): MessageContent;
}

/** What the group is told when a funded pool is settled; amounts in the token's smallest unit. */
export interface PoolSettledData {
  raidId: string;
  status: 'paid' | 'voided';
  token: string;
  amount: bigint;
  paidMembers: number;
  returned: bigint;
  /** Flagged claimants nobody decided within the review window: counted as not accepted. */
  undecided: number;
  reviewHours: number;
}

/** Flagged members whose names are read for the review; the bot side lists at most these. */
export const REVIEW_MAX_LISTED = 100;
