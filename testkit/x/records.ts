// What the fake's world holds: users and posts as records (the world's behaviour is in world.ts).
import type { Entities } from './entities.js';
import type { Link } from './links.js';
import type { MediaRecord } from './media.js';

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  createdAt: Date;
  bio: string;
  protected: boolean;
  verified: boolean;
  followers: number;
  following: number;
  listed: number;
}

export type PostKind = 'post' | 'reply' | 'quote' | 'repost';
export type LikesVisibility = 'default' | 'public' | 'private';

export interface PostRecord {
  id: string;
  kind: PostKind;
  authorId: string;
  /** As X stores it: typed links already in t.co form, X's own trailing links appended. */
  text: string;
  /** The t.co links of `text` and where they lead. */
  links: Link[];
  /** X's entities of `text`, fixed when the post was made (a mention's id is the account's as it was then). */
  entities?: Entities;
  media: MediaRecord[];
  createdAt: Date;
  conversationId: string;
  inReplyToPostId?: string;
  inReplyToUserId?: string;
  quotedId?: string;
  repostOfId?: string;
  /** BCP 47 code X detected (`lang:` in search, `lang` in tweet.fields); 'en' unless the driver says. */
  lang: string;
  deleted: boolean;
  /** userId -> when; reposts point at the repost post. */
  likes: Map<string, Date>;
  reposts: Map<string, string>;
  bookmarks: Map<string, Date>;
  /** Impressions as X counts them, scripted as (when, how many) so the figure grows over time. */
  views: Array<{ at: Date; count: number }>;
  likesVisibility: LikesVisibility;
}

export interface XUser { id: string; username: string }
export interface XPost { id: string; url: string }
export type UserRef = string | XUser;
