// Reads what X shows about one raid's post, once: replies, quotes, reposters, likers. The profiles of
// everyone who engaged come with those answers (author expansion, user fields), so the only profile reads
// left are for claimants X verified something of without describing them (see profilesToRead); timelines of
// claimants the capped reposters list left out are read-timelines.ts's business. X errors are not caught:
// XRateLimitedError / XUnavailableError go to the job, which runs again later; nobody is judged on a partial read.
import type { X, XPost, XUser } from '../x/index.js';
import type { XProfile } from './anti-fraud.js';
import { claimBasis, type ClaimantJudgement, type EngagementPost, type EngagementSets, type PostSource } from './types.js';

export type EngagementReader = Pick<X, 'repliesTo' | 'quotesOf' | 'repostersOf' | 'likersOf' | 'getUsers'>;

export interface RaidPost {
  postId: string;
  conversationId: string;
  startedAt: Date;
  /** The like count last seen by the raid tick; 0 or unknown lets X's reader look the post up itself. */
  likeCount: number;
}

export interface EngagementRead {
  sets: EngagementSets;
  /** By X user id, from every account the answers named. */
  profiles: Map<string, XProfile>;
  /** What X admitted it could not show, for the results message. */
  hidden: { likes: boolean; reposts: boolean; replies: boolean };
}

export function addProfile(profiles: Map<string, XProfile>, u: XUser | null): void {
  // No creation date means no age check is possible: leave it out and the account_age rule says so.
  if (u?.createdAt) profiles.set(u.id, { createdAt: u.createdAt, followers: u.followers });
}

function postSource(posts: readonly XPost[], profiles: Map<string, XProfile>, capped: boolean): PostSource {
  const out: EngagementPost[] = [];
  let undated = false;
  for (const p of posts) {
    addProfile(profiles, p.author);
    // A post without a time cannot be placed before or after the start; absence from the list then proves
    // nothing for its author, so the source is treated as incomplete rather than guessing a time.
    if (!p.createdAt) {
      undated = true;
      continue;
    }
    out.push({ postId: p.id, authorId: p.authorId, ...(p.author ? { authorUsername: p.author.username } : {}), text: p.text, createdAt: p.createdAt });
  }
  return { posts: out, capped: capped || undated };
}

export async function readEngagement(x: EngagementReader, post: RaidPost, purpose: string): Promise<EngagementRead> {
  // Parallel: four independent endpoints with their own windows. If one throws, the job is rescheduled and
  // the other answers are simply read again next time (X bills a resource once a UTC day).
  const [replies, quotes, reposters, likers] = await Promise.all([
    // No `since`: replies from before the raid start are evidence for the pre_raid rule.
    x.repliesTo(post.conversationId, { purpose }),
    x.quotesOf(post.postId, { purpose }),
    x.repostersOf(post.postId, { purpose }),
    x.likersOf(post.postId, { purpose, ...(post.likeCount > 0 ? { likeCount: post.likeCount } : {}) }),
  ]);
  const profiles = new Map<string, XProfile>();
  // search/recent reaches back 7 days: a raid that started before that window has replies X no longer shows.
  const repliesCut = replies.clipped || replies.windowStart.getTime() > post.startedAt.getTime();
  for (const u of [...reposters.users, ...likers.users]) addProfile(profiles, u);
  return {
    sets: {
      replies: postSource(replies.posts, profiles, repliesCut),
      quotes: postSource(quotes, profiles, false),
      reposters: { userIds: reposters.users.map((u) => u.id), capped: reposters.capped },
      likers: { userIds: likers.users.map((u) => u.id), capped: likers.capped, private: likers.private },
    },
    profiles,
    hidden: { likes: likers.private || likers.capped, reposts: reposters.capped, replies: repliesCut },
  };
}

/**
 * X accounts whose profile must still be read: claims X verified an action of, whose account X did not
 * describe in the engagement answers. A claim X verified nothing of is rejected (no engagement) or rests on
 * self-report alone (never accepted by itself; an admin looks at the account), so reading those profiles
 * would only make the requests grow with button presses.
 */
export function profilesToRead(judgements: readonly ClaimantJudgement[], known: ReadonlyMap<string, XProfile>): string[] {
  const ids = new Set<string>();
  for (const j of judgements) if (claimBasis(j.actions) === 'verified' && !known.has(j.claimant.xUserId)) ids.add(j.claimant.xUserId);
  return [...ids];
}

export async function readProfiles(x: EngagementReader, ids: readonly string[], profiles: Map<string, XProfile>, purpose: string): Promise<void> {
  if (ids.length === 0) return;
  for (const u of await x.getUsers(ids, { purpose })) addProfile(profiles, u);
}
