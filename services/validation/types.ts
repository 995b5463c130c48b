// Shared shapes of the validation core. X post and user ids are decimal strings: 64-bit snowflakes (beyond
// 2^53). Telegram ids are the platform's branded numbers (platform/telegram-ids.ts).
import type { RaidTargets } from '../raids/index.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

/**
 * The actions validation judges. Bookmarks are judged too, to say honestly that X never shows who bookmarked
 * a post: a bookmark is always `unverifiable` (self-report), never verified and never not_found.
 */
export type Action = 'reply' | 'repost' | 'like' | 'quote' | 'bookmark';
export const ACTIONS: readonly Action[] = ['reply', 'repost', 'like', 'quote', 'bookmark'];
/** The actions X can show at all (each has a point weight); a bookmark is never among them. */
export type VisibleAction = Exclude<Action, 'bookmark'>;
export const VISIBLE_ACTIONS: readonly VisibleAction[] = ['reply', 'repost', 'like', 'quote'];

/** The raid target key that asks for each judged action. */
export const TARGET_OF: Readonly<Record<Action, keyof RaidTargets>> = {
  reply: 'replies',
  repost: 'reposts',
  like: 'likes',
  quote: 'quotes',
  bookmark: 'bookmarks',
};

export interface RaidInfo {
  postId: string;
  /** conversation_id of the post: replies are searched by it. */
  conversationId: string;
  startedAt: Date;
  endsAt: Date;
  targets: RaidTargets;
}

/** A reply or quote as read from X. */
export interface EngagementPost {
  postId: string;
  authorId: string;
  /** The author's handle when X named it: the original of a copied text may be a non-claimant's. */
  authorUsername?: string;
  text: string;
  createdAt: Date;
}

/**
 * A list read from X, with what X admits about its completeness. `capped`: X stopped before the end
 * (retweeted_by and liking_users return 100 accounts at most; a reply search may stop at its 7-day window
 * or our page budget). `private`: X hides the list (likes since June 2024). Either way, absence from the
 * list proves nothing.
 */
export interface SourceFlags {
  capped?: boolean;
  private?: boolean;
}

export interface PostSource extends SourceFlags {
  posts: readonly EngagementPost[];
}

export interface UserSource extends SourceFlags {
  userIds: readonly string[];
}

/**
 * One claimant's own timeline, read because X's capped reposters list left them out: a repost is a post of
 * theirs that references the raided one, dated, so it can be placed inside or before the raid.
 */
export interface RepostTimeline {
  userId: string;
  /** Their reposts of the raided post that the timeline showed. */
  reposts: ReadonlyArray<{ postId: string; at: Date }>;
  /** The read covered every post since the raid started: then no repost among them means there is none. */
  complete: boolean;
}

/** Everything read from X for one raid, once, whatever the number of claimants. */
export interface EngagementSets {
  replies: PostSource;
  quotes: PostSource;
  reposters: UserSource;
  likers: UserSource;
  /** Timelines read for claimants the capped reposters list left out, within the raid's X budget. */
  repostTimelines?: readonly RepostTimeline[];
}

/** A member who pressed "I raided", with the X account linked to them at claim time. */
export interface Claimant {
  telegramUserId: TelegramUserId;
  xUserId: string;
  xUsername: string;
  claimedAt: Date;
}

export type ActionStatus = 'verified' | 'not_found' | 'unverifiable';

/**
 * One piece of evidence: the post that shows the action. Reposts listed by retweeted_by and likes carry
 * neither id nor time on X; a repost found on the member's timeline has both.
 */
export interface Evidence {
  /** What showed it: the conversation search, quote_tweets, retweeted_by, liking_users or the member's timeline. */
  source: 'replies' | 'quotes' | 'retweeted_by' | 'liking_users' | 'timeline';
  postId?: string;
  at?: Date;
  /** The text of a reply or quote, kept for the anti-fraud text rules. */
  text?: string;
}

export interface ActionVerdict {
  status: ActionStatus;
  /** Whether the raid asked for this action (target > 0); only requested actions earn points. */
  requested: boolean;
  /** Engagement inside the raid that supports `verified`. */
  evidence: Evidence[];
  /** Engagement from before the raid started: not raid work, kept for anti-fraud. */
  preRaid: Evidence[];
  /** Why this status, in words an admin can read. */
  note: string;
}

export interface ClaimantJudgement {
  claimant: Claimant;
  actions: Record<Action, ActionVerdict>;
}

/**
 * What a claim rests on, from the actions the raid asked for: `verified` when X showed at least one of
 * them, `self_report` when none is verified but X cannot rule some out (private likes, reposts past X's 100,
 * bookmarks), `none` when X shows that none of them happened.
 */
export type ClaimBasis = 'verified' | 'self_report' | 'none';

export function claimBasis(actions: Readonly<Record<Action, ActionVerdict>>): ClaimBasis {
  // An outcome stored before an action was judged has no entry for it: it was not asked for then.
  const requested = ACTIONS.map((a) => actions[a]).filter((v) => v?.requested);
  if (requested.some((v) => v.status === 'verified')) return 'verified';
  return requested.some((v) => v.status === 'unverifiable') ? 'self_report' : 'none';
}
