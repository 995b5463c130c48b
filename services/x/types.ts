// Plain data handed to callers: no twitter-api-v2 objects leave this service.

export interface XUser {
  id: string;
  username: string;
  name: string;
  /** The profile description; a linking code may be looked for here. */
  bio: string;
  createdAt: Date | null;
  followers: number;
  following: number;
  posts: number;
}

export interface XPostMetrics {
  replies: number;
  reposts: number;
  likes: number;
  quotes: number;
  bookmarks: number;
  impressions: number;
}

export interface XPost {
  id: string;
  text: string;
  authorId: string;
  /** Filled from the `author_id` expansion when X included it. */
  author: XUser | null;
  createdAt: Date | null;
  conversationId: string | null;
  /** Ids of the posts this one replies to / quotes, when it does. */
  inReplyTo: string | null;
  quotes: string | null;
  /** The post this one reposts: on X a repost is a post of its own that references the original. */
  repostOf: string | null;
  metrics: XPostMetrics;
  /** The language X detected (BCP 47, `und` when unsure); null unless the read asked for it (feeds do). */
  lang: string | null;
  /** Where the text holds links, mentions, hashtags and cashtags; empty unless the read asked for them. */
  entities: XEntities;
  /** Photos, videos and GIFs attached, in order; empty unless the read asked for them. */
  media: XMedia[];
}

/** Offsets are X's: `start` inclusive, `end` exclusive, counted in Unicode code points of `text`. */
export interface XEntities {
  /** `url` is the t.co link in the text; `expandedUrl` where it leads; `displayUrl` what X shows. */
  urls: Array<{ start: number; end: number; url: string; expandedUrl: string; displayUrl: string }>;
  mentions: Array<{ start: number; end: number; username: string }>;
  /** `tag` without the `#`. */
  hashtags: Array<{ start: number; end: number; tag: string }>;
  /** `tag` without the `$`. */
  cashtags: Array<{ start: number; end: number; tag: string }>;
}

export interface XMedia {
  key: string;
  type: 'photo' | 'video' | 'animated_gif';
  /** The image itself (photos); null for videos, which X gives only a preview of. */
  url: string | null;
  /** A still of a video or GIF. */
  previewUrl: string | null;
}

/** Integer micro-dollars per resource returned (X charges per post or user read, once per UTC day). */
export interface XPrices {
  postReadMicros: bigint;
  userReadMicros: bigint;
}

export interface Purpose {
  /** Who pays, e.g. `raid:42:validation`, `raid:42:launch`, `link`. The part before the first colon is a
   * metric label, so keep it to a handful of kinds. */
  purpose: string;
}

export interface RepliesResult {
  posts: XPost[];
  /** search/recent only reaches 7 days back: when `since` was older, replies before `windowStart` are
   * invisible and the caller should treat them as unverifiable. */
  clipped: boolean;
  windowStart: Date;
}

/** One page of a user's timeline since a time (see Reads.recentPosts). */
export interface TimelineResult {
  /** The user's posts, quotes and reposts at or after `since`, newest first (replies are left out). */
  posts: XPost[];
  /** True when these are all of them: X had no further page, and the account is readable. */
  complete: boolean;
  /** X refused the timeline (protected, suspended or unknown account): nothing can be concluded from it. */
  unavailable: boolean;
}

/** Posts after a cursor, for feeds (Reads.timelineSince, Reads.searchSince). */
export interface FeedPage {
  /** Oldest first. */
  posts: XPost[];
  /** The newest id returned: the next cursor. Null when nothing came. */
  newestId: string | null;
  /** False when more posts lay between the cursor and these than `maxPages` reaches (they are skipped). */
  complete: boolean;
  /** X refused the account (protected, suspended, unknown): nothing can be concluded. */
  unavailable: boolean;
  /** What X billed for the read (micro-dollars, after the day's dedupe), and how many requests it took. */
  costMicros: bigint;
  requests: number;
}

export interface UsersResult {
  users: XUser[];
  /** X shows at most 100 accounts: more may exist than were returned. */
  capped: boolean;
}

export interface LikersResult extends UsersResult {
  /** The post has likes but X shows none of them (likes are private since June 2024). */
  private: boolean;
}

export interface UsageRow {
  endpoint: string;
  day: string;
  requests: number;
  resourcesRead: number;
  costMicros: bigint;
}

export interface Usage {
  purpose: string;
  requests: number;
  resourcesRead: number;
  costMicros: bigint;
  rows: UsageRow[];
}
