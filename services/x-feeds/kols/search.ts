// One read of one KOL query for every group it serves, then, in one transaction, the posts it found, which
// groups they mentioned, their history, each group's share of the cost and the query's new cursor. As with
// feeds' polls, the cursor moves only with what it recorded and only if nobody moved it since the read
// began: a crash re-reads the same posts later, and a second worker's read is dropped.
import { XRateLimitedError, XRequestError, XUnavailableError, postUrl, utcDay, type FeedPage, type XPost } from '../../x/index.js';
import type { HistoryEventOf } from '../../history/index.js';
import type { ChatId } from '../../platform/telegram-ids.js';
import { nextInterval } from '../interval.js';
import { addSpend, spentToday } from '../spend-store.js';
import { centsToMicros, shareOut } from '../spend.js';
import type { FeedHistoryEvent } from '../history-events.js';
import { renameKols } from './kol-store.js';
import { figuresOf, insertMentions, insertPosts, insertSnapshots, type NewPost } from './post-store.js';
import { lockQuery, recordSearch, rescheduleQuery, type QueryRow } from './query-store.js';
import type { KolsConfig, KolsDeps } from './deps.js';

export type SearchResult =
  | { outcome: 'recorded'; posts: number; mentions: number; costMicros: bigint; requests: number }
  /** Every group it serves is gone or paused by its daily cap: not read. */
  | { outcome: 'idle' }
  | { outcome: 'later'; retryAt: Date }
  | { outcome: 'raced' }
  | { outcome: 'refused' };

const DAY_MS = 86_400_000;

/** The groups that pay for the read: active, and under their own daily cap. */
async function payersOf(deps: KolsDeps, chatIds: readonly ChatId[], day: string): Promise<Array<{ chatId: ChatId; capMicros: bigint }>> {
  const [groups, spent] = await Promise.all([deps.groups.many(chatIds), spentToday(deps.db.manager, day, chatIds)]);
  return groups
    .filter((g) => g.active)
    .map((g) => ({ chatId: g.chatId, capMicros: centsToMicros(g.settings.feeds.dailyCapCents) }))
    .filter((g) => (spent.get(g.chatId) ?? 0n) < g.capMicros)
    .sort((a, b) => a.chatId - b.chatId);
}

/** One group's query is booked to that group, as every feeds read of one group is; a shared one to the query
 * (feeds.group_spend holds each group's share either way). */
const purposeOf = (q: QueryRow) => (q.chatIds.length === 1 ? `feeds:kols:${q.chatIds[0]}` : `feeds:kols:shared:${q.id}`);

function toNewPost(post: XPost, now: Date, config: KolsConfig): NewPost {
  const createdAt = post.createdAt ?? now;
  const url = post.author ? `https://x.com/${post.author.username}/status/${post.id}` : postUrl(post.id);
  return { ...figuresOf(post), xUserId: post.authorId, createdAt, text: post.text, url, refreshUntil: new Date(createdAt.getTime() + config.refreshDays * DAY_MS) };
}

export async function searchQuery(deps: KolsDeps, config: KolsConfig, q: QueryRow): Promise<SearchResult> {
  const started = deps.clock.now();
  const day = utcDay(started);
  const payers = await payersOf(deps, q.chatIds, day);
  if (!payers.length) {
    await rescheduleQuery(deps.db.manager, q.id, new Date(started.getTime() + config.maxIntervalMs));
    return { outcome: 'idle' };
  }
  let page: FeedPage;
  try {
    page = await deps.x.searchSince(q.query, { purpose: purposeOf(q), sinceId: q.cursorId, startTime: q.cursorId ? undefined : q.startTime });
  } catch (error) {
    if (error instanceof XRateLimitedError || error instanceof XUnavailableError) {
      const retryAt = error instanceof XRateLimitedError ? error.resetAt : error.retryAt;
      await rescheduleQuery(deps.db.manager, q.id, retryAt);
      return { outcome: 'later', retryAt };
    }
    if (error instanceof XRequestError) {
      deps.log.warn({ err: error, queryId: q.id, query: q.query }, 'feeds: X refused a KOL search');
      await rescheduleQuery(deps.db.manager, q.id, new Date(started.getTime() + config.maxIntervalMs));
      return { outcome: 'refused' };
    }
    throw error;
  }
  if (page.unavailable) {
    deps.log.warn({ queryId: q.id, query: q.query }, 'feeds: X answered a KOL search with errors only');
    await rescheduleQuery(deps.db.manager, q.id, new Date(started.getTime() + config.maxIntervalMs));
    return { outcome: 'refused' };
  }
  await deps.afterSearch?.(q.id);

  return deps.db.transaction(async (tx): Promise<SearchResult> => {
    const now = deps.clock.now();
    const locked = await lockQuery(tx, q.id);
    if (!locked || locked.cursorId !== q.cursorId) return { outcome: 'raced' };
    const intervalMs = nextInterval(q.intervalMs, page.posts.length, config);
    // X answers only the query's authors; anything else would be a KOL of nobody here.
    const kols = new Set(q.kolIds);
    const posts = page.posts.filter((p) => kols.has(p.authorId)).map((p) => toNewPost(p, now, config));
    const fresh = new Set(await insertPosts(tx, posts, now));
    await insertSnapshots(tx, posts.filter((p) => fresh.has(p.postId)), now);
    // The groups the query serves now (planning may have changed them since the claim). A group past its cap
    // still gets the posts this read found for the others: they cost it nothing more.
    const tied = await insertMentions(tx, locked.chatIds, posts.map((p) => ({ id: p.postId, xUserId: p.xUserId, createdAt: p.createdAt })), now);
    const events: Array<HistoryEventOf<FeedHistoryEvent>> = tied.map((m) => ({
      actor: { kind: 'system' }, action: 'feed.kol_post_recorded', subject: { kind: 'group', id: String(m.chatId) },
      data: { xUserId: m.xUserId, postId: m.postId, queryId: q.id },
    }));
    await deps.history.appendMany(tx, events);
    await addSpend(tx, day, shareOut(page.costMicros, payers).map((s) => ({ chatId: s.group.chatId, micros: s.micros })));
    const profiles = new Map(page.posts.flatMap((p) => (p.author && kols.has(p.author.id) ? [[p.author.id, p.author] as const] : [])));
    await renameKols(tx, [...profiles.values()].map((a) => ({ id: a.id, username: a.username, name: a.name })));
    await recordSearch(tx, q.id, { cursorId: page.newestId ?? q.cursorId, intervalMs, readAt: started, nextSearchAt: new Date(now.getTime() + intervalMs) });
    return { outcome: 'recorded', posts: posts.length, mentions: tied.length, costMicros: page.costMicros, requests: page.requests };
  });
}
