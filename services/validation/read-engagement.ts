// Reads what X shows about one raid's post, once: replies, quotes, reposters, likers. The profiles of
// everyone who engaged come with those answers (author expansion, user fields), so the only reads that
// depend on the claimants are profiles of claimants X cannot place in the engagement yet whose claim is
// still alive (see profilesToRead). X errors are not caught: XRateLimitedError / XUnavailableError go to the
// job, which runs again later; nobody is judged on a partial read.
import type { X, XPost, XUser } from '../x/index.js';
import type { XProfile } from './anti-fraud.js';
import { ACTIONS, type ClaimantJudgement, type EngagementPost, type EngagementSets, type PostSource } from './types.js';

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

function addProfile(profiles: Map<string, XProfile>, u: XUser | null): void {
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
    out.push({ postId: p.id, authorId: p.authorId, text: p.text, createdAt: p.createdAt });
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

/** Same test as the no_engagement rule: a requested action X showed, or could not rule out. */
export const claimAlive = (j: ClaimantJudgement): boolean => ACTIONS.some((a) => j.actions[a].requested && j.actions[a].status !== 'not_found');

/**
 * X accounts whose profile must still be read: claims that stay alive (engagement seen, or an action X
 * hides) but whose account X did not describe in the engagement answers. Claimants with no engagement
 * are rejected whatever their profile says, so reading theirs would only make requests grow with them.
 */
export function profilesToRead(judgements: readonly ClaimantJudgement[], known: ReadonlyMap<string, XProfile>): string[] {
  const ids = new Set<string>();
  for (const j of judgements) if (claimAlive(j) && !known.has(j.claimant.xUserId)) ids.add(j.claimant.xUserId);
  return [...ids];
}

export async function readProfiles(x: EngagementReader, ids: readonly string[], profiles: Map<string, XProfile>, purpose: string): Promise<void> {
  if (ids.length === 0) return;
  for (const u of await x.getUsers(ids, { purpose })) addProfile(profiles, u);
}
