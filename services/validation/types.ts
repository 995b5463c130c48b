// Shared shapes of the validation core. Ids are decimal strings throughout: X post and user ids are
// 64-bit snowflakes (beyond 2^53) and Telegram ids are compared the same way for one ordering rule.
import type { RaidTargets } from '../raids/index.js';

/** The four actions validation judges. Bookmarks are a raid target, but X never shows who bookmarked. */
export type Action = 'reply' | 'repost' | 'like' | 'quote';
export const ACTIONS: readonly Action[] = ['reply', 'repost', 'like', 'quote'];

/** The raid target key that asks for each judged action. */
export const TARGET_OF: Readonly<Record<Action, keyof RaidTargets>> = {
  reply: 'replies',
  repost: 'reposts',
  like: 'likes',
  quote: 'quotes',
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

/** Everything read from X for one raid, once, whatever the number of claimants. */
export interface EngagementSets {
  replies: PostSource;
  quotes: PostSource;
  reposters: UserSource;
  likers: UserSource;
}

/** A member who pressed "I raided", with the X account linked to them at claim time. */
export interface Claimant {
  telegramUserId: string;
  xUserId: string;
  xUsername: string;
  claimedAt: Date;
}

export type ActionStatus = 'verified' | 'not_found' | 'unverifiable';

/** One piece of evidence: the post that shows the action (reposts and likes have neither id nor time on X). */
export interface Evidence {
  /** The X list that showed it: the conversation search, quote_tweets, retweeted_by or liking_users. */
  source: 'replies' | 'quotes' | 'retweeted_by' | 'liking_users';
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
