// Timelines of claimants X's capped reposters list leaves out (retweeted_by shows 100 accounts, no more).
// On X a repost is a post of its own that references the original, so one request to a member's timeline
// since the raid started shows whether they reposted, and when. Read only for claims that would otherwise
// rest on self-report alone (nothing else of theirs verified), within a fixed budget of requests per raid,
// so a raid's X requests never grow with the honest claimants X already shows, and are bounded whatever
// the number of button presses.
import { createHash } from 'node:crypto';
import type { X } from '../x/index.js';
import type { XProfile } from './anti-fraud.js';
import { addProfile } from './read-engagement.js';
import { claimBasis, type ClaimantJudgement, type RepostTimeline } from './types.js';

/** What the operator allows per raid unless X_TIMELINE_READS_PER_RAID says otherwise. */
export const DEFAULT_TIMELINE_READS_PER_RAID = 100;
// Parallel reads: quick for the raid, gentle on the shared rate-limit window.
const CONCURRENCY = 8;

export interface TimelinePlan {
  /** X accounts to read, in the order they got the budget. */
  read: string[];
  /** Accounts that qualified, the budget included or not. */
  wanted: number;
}

/**
 * Who gets a timeline read: claimants whose requested repost is unverifiable because the list is capped and
 * who have nothing else verified, unless they are rejected whatever X says (`rejected`: blacklisted, or an X
 * account another member owns). Members the group accepted in an earlier raid go first (`trusted`): a farm
 * of fresh button-pressers cannot crowd them out of the budget. Within each part the order is drawn from the
 * raid and the account (a hash), so pressing "I raided" early does not jump the queue and a re-run picks the
 * same accounts.
 */
export function planTimelineReads(
  judgements: readonly ClaimantJudgement[],
  raidId: string,
  budget: number,
  rejected: (j: ClaimantJudgement) => boolean,
  trusted: (j: ClaimantJudgement) => boolean = () => false,
): TimelinePlan {
  const first = new Set<string>();
  const ids = new Set<string>();
  for (const j of judgements) {
    const repost = j.actions.repost;
    if (!repost.requested || repost.status !== 'unverifiable' || claimBasis(j.actions) !== 'self_report' || rejected(j)) continue;
    ids.add(j.claimant.xUserId);
    if (trusted(j)) first.add(j.claimant.xUserId);
  }
  const rank = (id: string) => `${first.has(id) ? 0 : 1}${createHash('sha256').update(`${raidId}:${id}`).digest('hex')}`;
  const ordered = [...ids].map((id) => ({ id, r: rank(id) })).sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0)).map((e) => e.id);
  return { read: ordered.slice(0, Math.max(0, budget)), wanted: ordered.length };
}

/** Reads each account's timeline once; a repost of `postId` there is evidence, dated. Profiles come along. */
export async function readRepostTimelines(
  x: Pick<X, 'recentPosts'>,
  ids: readonly string[],
  o: { postId: string; since: Date; purpose: string; profiles: Map<string, XProfile> },
): Promise<RepostTimeline[]> {
  const out: RepostTimeline[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const userId = ids[next++]!;
      const res = await x.recentPosts(userId, { purpose: o.purpose, since: o.since });
      for (const p of res.posts) addProfile(o.profiles, p.author);
      const reposts = res.posts.filter((p) => p.repostOf === o.postId && p.createdAt).map((p) => ({ postId: p.id, at: p.createdAt! }));
      out.push({ userId, reposts, complete: res.complete });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return out;
}
