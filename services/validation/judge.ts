// Judges every claimant against engagement read from X once per raid. Indexes are built once (Map by
// author id, Set of user ids), so N claimants cost O(N + engagement), never O(N × engagement), and the
// X requests do not grow with the number of claimants.
//
// Labels are honest: an action is `verified` only when X showed it to us inside the raid window. When
// the list X gave us is capped (100 accounts at most) or private (likes), not finding someone proves
// nothing, so the action is `unverifiable`, never `verified` and never `not_found`. A claimant the capped
// reposters list left out may have had their own timeline read: a repost found there is verified (with its
// time), and a timeline read in full that shows none turns the repost into `not_found`. X never shows who
// bookmarked a post, so a bookmark is always `unverifiable`.
import {
  ACTIONS,
  TARGET_OF,
  VISIBLE_ACTIONS,
  type Action,
  type ActionVerdict,
  type Claimant,
  type ClaimantJudgement,
  type EngagementPost,
  type EngagementSets,
  type Evidence,
  type PostSource,
  type RaidInfo,
  type RepostTimeline,
  type SourceFlags,
  type UserSource,
} from './types.js';
import { compareIds } from './order.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

/** retweeted_by and liking_users return at most this many accounts: a full page means "maybe more". */
export const X_USER_LIST_CAP = 100;

interface PostIndex {
  byAuthor: Map<string, EngagementPost[]>;
  flags: SourceFlags;
}

interface UserIndex {
  ids: Set<string>;
  flags: SourceFlags;
}

/** The engagement sets indexed for lookups by X user id. Build once per raid, reuse for every claimant. */
export interface EngagementIndex {
  reply: PostIndex;
  quote: PostIndex;
  repost: UserIndex;
  like: UserIndex;
  /** By X user id: timelines read for claimants the capped reposters list left out. */
  timelines: Map<string, RepostTimeline>;
}

function indexPosts(source: PostSource, excludePostId: string): PostIndex {
  const byAuthor = new Map<string, EngagementPost[]>();
  const seen = new Set<string>();
  for (const post of source.posts) {
    // The raid post itself can come back in a conversation search; pages can overlap: count each post once.
    if (post.postId === excludePostId || seen.has(post.postId)) continue;
    seen.add(post.postId);
    const list = byAuthor.get(post.authorId);
    if (list) list.push(post);
    else byAuthor.set(post.authorId, [post]);
  }
  // Oldest first, then by id, so evidence is listed the same way whatever order the pages came in.
  for (const list of byAuthor.values()) {
    list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.postId, b.postId));
  }
  return { byAuthor, flags: { capped: source.capped ?? false, private: source.private ?? false } };
}

function indexUsers(source: UserSource): UserIndex {
  // A full page from a capped endpoint is capped even if the reader forgot to say so.
  const capped = (source.capped ?? false) || source.userIds.length >= X_USER_LIST_CAP;
  return { ids: new Set(source.userIds), flags: { capped, private: source.private ?? false } };
}

export function indexEngagement(raid: RaidInfo, sets: EngagementSets): EngagementIndex {
  return {
    reply: indexPosts(sets.replies, raid.postId),
    quote: indexPosts(sets.quotes, raid.postId),
    repost: indexUsers(sets.reposters),
    like: indexUsers(sets.likers),
    timelines: new Map((sets.repostTimelines ?? []).map((t) => [t.userId, t])),
  };
}

const PLURALS: Record<Action, string> = { reply: 'replies', repost: 'reposts', like: 'likes', quote: 'quotes', bookmark: 'bookmarks' };
/** "1 reply", "2 replies" (not "2 replys"). */
const count = (n: number, action: Action) => `${n} ${n === 1 ? action : PLURALS[action]}`;

function absentStatus(flags: SourceFlags, action: Action): Pick<ActionVerdict, 'status' | 'note'> {
  if (flags.private) return { status: 'unverifiable', note: `X keeps ${PLURALS[action]} private, so a missing ${action} proves nothing` };
  if (flags.capped) return { status: 'unverifiable', note: `X showed only part of the ${PLURALS[action]} (capped list), so a missing ${action} proves nothing` };
  return { status: 'not_found', note: `no ${action} by this X account in the full list X returned` };
}

function judgePosts(index: PostIndex, action: Action, claimant: Claimant, raid: RaidInfo, requested: boolean): ActionVerdict {
  const posts = index.byAuthor.get(claimant.xUserId) ?? [];
  const start = raid.startedAt.getTime();
  const evidence: Evidence[] = [];
  const preRaid: Evidence[] = [];
  for (const p of posts) {
    const item: Evidence = { source: action === 'reply' ? 'replies' : 'quotes', postId: p.postId, at: p.createdAt, text: p.text };
    // Posted before the raid began: the member did not do it for this raid.
    (p.createdAt.getTime() < start ? preRaid : evidence).push(item);
  }
  if (evidence.length > 0) {
    return { status: 'verified', requested, evidence, preRaid, note: `${count(evidence.length, action)} during the raid` };
  }
  const absent = absentStatus(index.flags, action);
  const note = preRaid.length > 0 ? `only ${PLURALS[action]} from before the raid started; ${absent.note}` : absent.note;
  return { status: absent.status, requested, evidence, preRaid, note };
}

function judgeUsers(index: UserIndex, action: Action, claimant: Claimant, requested: boolean): ActionVerdict {
  // retweeted_by and liking_users carry no timestamps, so there is no raid-window check to make here.
  if (index.ids.has(claimant.xUserId)) {
    const source = action === 'like' ? 'liking_users' : 'retweeted_by';
    return { status: 'verified', requested, evidence: [{ source }], preRaid: [], note: `listed by X in ${source}` };
  }
  return { requested, evidence: [], preRaid: [], ...absentStatus(index.flags, action) };
}

/** A repost: in retweeted_by, else on the member's own timeline when it was read, else what the list admits. */
function judgeRepost(index: EngagementIndex, claimant: Claimant, raid: RaidInfo, requested: boolean): ActionVerdict {
  const listed = judgeUsers(index.repost, 'repost', claimant, requested);
  const timeline = index.timelines.get(claimant.xUserId);
  if (listed.status === 'verified' || !timeline) return listed;
  const start = raid.startedAt.getTime();
  const evidence: Evidence[] = [];
  const preRaid: Evidence[] = [];
  for (const r of [...timeline.reposts].sort((a, b) => a.at.getTime() - b.at.getTime() || compareIds(a.postId, b.postId))) {
    (r.at.getTime() < start ? preRaid : evidence).push({ source: 'timeline', postId: r.postId, at: r.at });
  }
  if (evidence.length > 0) {
    return { status: 'verified', requested, evidence, preRaid, note: "X lists only 100 reposters; this account's timeline shows its repost during the raid" };
  }
  if (timeline.complete) {
    return { status: 'not_found', requested, evidence, preRaid, note: "X lists only 100 reposters, so this account's timeline was read: it shows no repost of the post since the raid started" };
  }
  return { ...listed, preRaid, note: "X lists only 100 reposters, and this account's timeline could not be read to the raid start (protected, or too many posts since)" };
}

const BOOKMARK_NOTE = 'X never shows who bookmarked a post, so a bookmark rests on the member\'s word';

/** Judges one claimant against a prepared index. */
export function judgeClaimant(index: EngagementIndex, raid: RaidInfo, claimant: Claimant): ClaimantJudgement {
  // A raid that asks only for bookmarks (which X never shows) still judges what X can show, so a member who
  // also replied or reposted has it verified rather than resting on a bookmark alone.
  const none = VISIBLE_ACTIONS.every((a) => raid.targets[TARGET_OF[a]] === 0);
  const requested = (a: Action) => (none && a !== 'bookmark') || raid.targets[TARGET_OF[a]] > 0;
  const actions = {} as Record<Action, ActionVerdict>;
  for (const action of ACTIONS) {
    const asked = requested(action);
    if (action === 'reply' || action === 'quote') actions[action] = judgePosts(index[action], action, claimant, raid, asked);
    else if (action === 'repost') actions[action] = judgeRepost(index, claimant, raid, asked);
    else if (action === 'like') actions[action] = judgeUsers(index.like, action, claimant, asked);
    else actions[action] = { status: 'unverifiable', requested: asked, evidence: [], preRaid: [], note: BOOKMARK_NOTE };
  }
  return { claimant, actions };
}

/**
 * Judges all claimants. One judgement per Telegram user: a repeated claim by the same member (a retried
 * button press) keeps the earliest claim, which is the one the raid counted.
 */
export function judgeClaimants(raid: RaidInfo, sets: EngagementSets, claimants: readonly Claimant[]): ClaimantJudgement[] {
  const index = indexEngagement(raid, sets);
  const first = new Map<TelegramUserId, Claimant>();
  for (const c of claimants) {
    const prev = first.get(c.telegramUserId);
    if (!prev || c.claimedAt.getTime() < prev.claimedAt.getTime()) first.set(c.telegramUserId, c);
  }
  return [...first.values()]
    .sort((a, b) => a.telegramUserId - b.telegramUserId)
    .map((c) => judgeClaimant(index, raid, c));
}
