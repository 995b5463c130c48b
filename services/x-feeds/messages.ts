// What feeds post into groups, as a port: the service decides what goes where and when (plain data); the
// bot side, chosen by the bot's id, says it in words and Telegram HTML (bots/features/feed-posts/texts.ts),
// so a branded or translated bot changes texts only.
import type { XPost } from '../x/index.js';

/** A message's content as the outbox sends it (text, formatting, buttons, preview): built by the bot side. */
export type MessageContent = { text: string } & Record<string, unknown>;

/** How the post relates to others on X (a repost is a post of its own that points at the original). */
export type PostKind = 'post' | 'reply' | 'repost' | 'quote';

/** A new post of a followed account, forwarded into a group that follows it. */
export interface ForwardedPost {
  post: XPost;
  kind: PostKind;
  /** The followed account (the post's author). */
  account: { username: string; name: string };
}

/** A post matching a group's mention terms, relayed into the group. */
export interface MentionRelay {
  post: XPost;
  /** The group's terms it matched, as the admin wrote them (`$WAR`, `#warhorn`, `warhorn`). */
  terms: string[];
}

/** More posts matched than the group's rate cap lets through: what was held back, summarised. */
export interface MentionSummary {
  /** Every term that matched a held-back post. */
  terms: string[];
  /** How many posts were held back in the window. */
  count: number;
  windowStart: Date;
  windowEnd: Date;
  /** The most engaged of them (up to 3), for links. */
  top: XPost[];
}

/** Feeds stopped reading X for today because a daily spending cap was reached. */
export interface CapPaused {
  /** `group`: this group's own cap (its settings); `deployment`: the operator's cap for all groups. */
  scope: 'group' | 'deployment';
  capMicros: bigint;
  spentMicros: bigint;
  /** Next 00:00 UTC, when X's billing day and the caps start again. */
  resumesAt: Date;
}

/** One influencer's standing over a period. */
export interface KolStanding {
  username: string;
  name: string;
  /** Posts of theirs that mentioned the project in the period. */
  mentions: number;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** Null when X gave no impression counts for their posts. */
  impressions: number | null;
  /** What the ranking orders by (see the service: engagement weighted, impressions when known). */
  score: number;
  /** Their most engaged post of the period, for a link. */
  bestPostUrl: string | null;
}

/** `/kols` (on demand) or the weekly digest: influencers ranked by score, best first. */
export interface KolRanking {
  kind: 'now' | 'weekly';
  since: Date;
  until: Date;
  rows: KolStanding[];
}

export interface FeedMessages {
  forward(p: ForwardedPost): MessageContent;
  mention(m: MentionRelay): MessageContent;
  mentionSummary(s: MentionSummary): MessageContent;
  capPaused(c: CapPaused): MessageContent;
  kolRanking(r: KolRanking): MessageContent;
}
