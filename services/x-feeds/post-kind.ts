import type { XPost } from '../x/index.js';
import type { PostKind } from './messages.js';

/** What a timeline entry is: a repost is a post of its own that references the original. */
export function postKind(post: XPost): PostKind {
  if (post.repostOf) return 'repost';
  if (post.inReplyTo) return 'reply';
  if (post.quotes) return 'quote';
  return 'post';
}

export interface FollowerWants {
  replies: boolean;
  reposts: boolean;
  /** A post older than this is never forwarded (no flood of history on the first read). */
  since: Date;
}

/** Whether a group that follows the author with these wishes gets the post. */
export function wanted(post: XPost, follower: FollowerWants): boolean {
  const kind = postKind(post);
  if (kind === 'reply' && !follower.replies) return false;
  if (kind === 'repost' && !follower.reposts) return false;
  return !post.createdAt || post.createdAt.getTime() >= follower.since.getTime();
}

/** What X may leave out of the read, given every follower's wishes (unbilled when left out). */
export function excludeFor(followers: readonly Pick<FollowerWants, 'replies' | 'reposts'>[]): Array<'replies' | 'retweets'> {
  const out: Array<'replies' | 'retweets'> = [];
  if (!followers.some((f) => f.replies)) out.push('replies');
  if (!followers.some((f) => f.reposts)) out.push('retweets');
  return out;
}
