import type { TwitterApiReadOnly } from 'twitter-api-v2';
import type { Clock } from '../platform/clock.js';
import type { Gateway } from './gateway.js';
import { FEED_FIELDS, FIELDS, USER_FIELDS, postsOf, resourcesOf, toUser, type RawPage, type RawPost, type RawUser } from './mapping.js';
import type { FeedPage, LikersResult, Purpose, RepliesResult, TimelineResult, UsersResult, XPost, XUser } from './types.js';

const BATCH = 100;
const SEARCH_HORIZON_MS = 7 * 24 * 3600_000;
// search/recent refuses a start_time at the very edge of its window and an end_time under 10 s ago.
const HORIZON_MARGIN_MS = 60_000;
const END_TIME_LAG_MS = 10_000;
// A guard against a paginator that never ends (a misbehaving proxy repeating its token).
const MAX_PAGES = 10_000;

type Query = Record<string, string | number | undefined>;

export interface Reads {
  /** The post, or null when X returns none (deleted, private, never existed). */
  getPost(id: string, o: Purpose): Promise<XPost | null>;
  /** Found posts only, in X's order; any number of ids (100 per request). */
  getPosts(ids: readonly string[], o: Purpose): Promise<XPost[]>;
  /** The account with this handle (with or without `@`), or null when there is none. */
  getUserByUsername(username: string, o: Purpose): Promise<XUser | null>;
  /** Found accounts only; any number of ids (100 per request). */
  getUsers(ids: readonly string[], o: Purpose): Promise<XUser[]>;
  /** Every reply in the conversation between `since` and `until` that search/recent still reaches. */
  repliesTo(conversationId: string, o: Purpose & { since?: Date; until?: Date }): Promise<RepliesResult>;
  /** The posts quoting it, every page X returns. */
  quotesOf(postId: string, o: Purpose): Promise<XPost[]>;
  /** Who reposted it: one request, at most 100 accounts (`capped` says more may exist). */
  repostersOf(postId: string, o: Purpose): Promise<UsersResult>;
  /** `likeCount` (from the post's metrics) tells an empty answer for private likes from no likes at all;
   * without it the post is read to find out. */
  likersOf(postId: string, o: Purpose & { likeCount?: number }): Promise<LikersResult>;
  /** The user's posts (since `since` when given), every page X returns. */
  userPosts(userId: string, o: Purpose & { since?: Date }): Promise<XPost[]>;
  /**
   * ONE request: the newest 100 posts of a user's timeline since `since`, replies left out (X counts them in
   * the 100 but does not return or bill them), each with the author's profile. Billed per post returned, plus
   * the profile once. `complete` says whether that was all of them.
   */
  recentPosts(userId: string, o: Purpose & { since: Date }): Promise<TimelineResult>;
  /**
   * For feeds: a user's timeline after the post `sinceId` (or, with no cursor yet, from `startTime`), every
   * page up to `maxPages` of 100, oldest first, with entities, language and media. `exclude` leaves replies
   * or reposts out at X (unbilled). The cost of the read comes back so a caller can share it out.
   */
  timelineSince(userId: string, o: Purpose & FeedReadOptions & { exclude?: ReadonlyArray<'replies' | 'retweets'> }): Promise<FeedPage>;
  /** For feeds: recent search after `sinceId` (or from `startTime`, at most 7 days back), oldest first. */
  searchSince(query: string, o: Purpose & FeedReadOptions): Promise<FeedPage>;
}

export interface FeedReadOptions {
  sinceId?: string | null | undefined;
  startTime?: Date | undefined;
  /** Pages of 100 to read at most (default 8: X reaches 800 posts of a timeline without replies). */
  maxPages?: number | undefined;
}

// X takes whole seconds; the start is floored, so posts from earlier in that second are dropped after.
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const notBefore = (since: Date | undefined) => (p: XPost) => !since || !p.createdAt || p.createdAt >= since;
const chunks = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export function createReads(deps: { app: TwitterApiReadOnly; gateway: Gateway; clock: Clock; timeoutMs: number }): Reads {
  const { app, gateway, clock } = deps;

  const get = <T>(endpoint: string, path: string, query: Query, purpose: string, kind: 'post' | 'user') =>
    gateway.request<RawPage<T>>({
      endpoint,
      purpose,
      // enableRateLimitSave: the library would keep a map keyed by every URL (one per post id) forever.
      send: () => app.v2.get<RawPage<T>>(path, query, { fullResponse: true, timeout: deps.timeoutMs, enableRateLimitSave: false }),
      resources: (page) => resourcesOf(page as RawPage<RawPost[] | RawUser[]>, kind),
    });

  /** Follows `next_token` to the end; the name of the token parameter differs between endpoints. */
  async function* pages<T>(endpoint: string, path: string, query: Query, purpose: string, kind: 'post' | 'user', tokenParam: string) {
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await get<T>(endpoint, path, { ...query, [tokenParam]: token }, purpose, kind);
      if (!page) return;
      yield page;
      token = page.meta?.next_token;
      if (!token) return;
    }
    throw new Error(`X pagination on ${endpoint} did not end after ${MAX_PAGES} pages`);
  }

  const allPosts = async (endpoint: string, path: string, query: Query, purpose: string, tokenParam: string) => {
    const out: XPost[] = [];
    for await (const page of pages<RawPost[]>(endpoint, path, { ...FIELDS, max_results: BATCH, ...query }, purpose, 'post', tokenParam)) {
      out.push(...postsOf(page));
    }
    return out;
  };

  const usersOnce = async (endpoint: string, path: string, purpose: string) => {
    const page = await get<RawUser[]>(endpoint, path, { ...USER_FIELDS, max_results: BATCH }, purpose, 'user');
    const users = (page?.data ?? []).map(toUser);
    return { users, capped: users.length >= BATCH || Boolean(page?.meta?.next_token) };
  };

  /** Newest first from X, all pages after the cursor up to maxPages; handed back oldest first. */
  const feedRead = async (endpoint: string, path: string, query: Query, o: Purpose & FeedReadOptions, tokenParam: string): Promise<FeedPage> => {
    let costMicros = 0n;
    let requests = 0;
    let token: string | undefined;
    let newestId: string | null = null;
    const posts: XPost[] = [];
    const onCharge = (micros: bigint) => void (costMicros += micros);
    const cursor = o.sinceId ? { since_id: o.sinceId } : o.startTime ? { start_time: iso(o.startTime) } : {};
    const maxPages = o.maxPages ?? 8;
    for (let i = 0; i < maxPages; i++) {
      requests++;
      const page = await gateway.request<RawPage<RawPost[]>>({
        endpoint,
        purpose: o.purpose,
        send: () => app.v2.get<RawPage<RawPost[]>>(path, { ...FEED_FIELDS, max_results: BATCH, ...query, ...cursor, [tokenParam]: token }, { fullResponse: true, timeout: deps.timeoutMs, enableRateLimitSave: false }),
        resources: (p) => resourcesOf(p, 'post'),
        onCharge,
      });
      if (!page || (page.data === undefined && (page.errors?.length ?? 0) > 0)) {
        return { posts: [], newestId: null, complete: false, unavailable: true, costMicros, requests };
      }
      const got = postsOf(page);
      posts.push(...got);
      for (const p of got) if (newestId === null || BigInt(p.id) > BigInt(newestId)) newestId = p.id;
      token = page.meta?.next_token;
      if (!token) return { posts: posts.reverse(), newestId, complete: true, unavailable: false, costMicros, requests };
    }
    return { posts: posts.reverse(), newestId, complete: false, unavailable: false, costMicros, requests };
  };

  const reads: Reads = {
    async getPost(id, { purpose }) {
      const page = await get<RawPost>('tweets/:id', `tweets/${encodeURIComponent(id)}`, FIELDS, purpose, 'post');
      return page?.data ? (postsOf(page)[0] ?? null) : null;
    },
    async getPosts(ids, { purpose }) {
      const out: XPost[] = [];
      for (const batch of chunks([...new Set(ids)], BATCH)) {
        const page = await get<RawPost[]>('tweets', 'tweets', { ...FIELDS, ids: batch.join(',') }, purpose, 'post');
        if (page) out.push(...postsOf(page));
      }
      return out;
    },
    async getUserByUsername(username, { purpose }) {
      const name = username.replace(/^@/, '');
      // X's rule for handles; anything else cannot exist, and X would answer 400 for it.
      if (!/^[A-Za-z0-9_]{1,15}$/.test(name)) return null;
      const page = await get<RawUser>('users/by/username/:username', `users/by/username/${encodeURIComponent(name)}`, USER_FIELDS, purpose, 'user');
      return page?.data ? toUser(page.data) : null;
    },
    async getUsers(ids, { purpose }) {
      const out: XUser[] = [];
      for (const batch of chunks([...new Set(ids)], BATCH)) {
        const page = await get<RawUser[]>('users', 'users', { ...USER_FIELDS, ids: batch.join(',') }, purpose, 'user');
        out.push(...(page?.data ?? []).map(toUser));
      }
      return out;
    },
    async repliesTo(conversationId, { purpose, since, until }) {
      const now = clock.now().getTime();
      const horizon = now - SEARCH_HORIZON_MS + HORIZON_MARGIN_MS;
      const windowStart = new Date(Math.max(since?.getTime() ?? horizon, horizon));
      const end = Math.min(until?.getTime() ?? Infinity, now - END_TIME_LAG_MS);
      const clipped = (since?.getTime() ?? horizon) < horizon;
      if (end <= windowStart.getTime()) return { posts: [], clipped, windowStart };
      // `is:reply` leaves out the conversation's root, which would otherwise be read (and billed) each time.
      const query = { query: `conversation_id:${conversationId} is:reply`, start_time: iso(windowStart), end_time: iso(new Date(end)) };
      const posts = await allPosts('tweets/search/recent', 'tweets/search/recent', query, purpose, 'next_token');
      return { posts: posts.filter((p) => p.id !== conversationId).filter(notBefore(windowStart)), clipped, windowStart };
    },
    quotesOf(postId, { purpose }) {
      return allPosts('tweets/:id/quote_tweets', `tweets/${encodeURIComponent(postId)}/quote_tweets`, {}, purpose, 'pagination_token');
    },
    repostersOf(postId, { purpose }) {
      return usersOnce('tweets/:id/retweeted_by', `tweets/${encodeURIComponent(postId)}/retweeted_by`, purpose);
    },
    async likersOf(postId, { purpose, likeCount }) {
      const { users, capped } = await usersOnce('tweets/:id/liking_users', `tweets/${encodeURIComponent(postId)}/liking_users`, purpose);
      if (users.length) return { users, capped, private: false };
      const likes = likeCount ?? (await reads.getPost(postId, { purpose }))?.metrics.likes ?? 0;
      return { users, capped: false, private: likes > 0 };
    },
    async userPosts(userId, { purpose, since }) {
      const query = since ? { start_time: iso(since) } : {};
      const posts = await allPosts('users/:id/tweets', `users/${encodeURIComponent(userId)}/tweets`, query, purpose, 'pagination_token');
      return posts.filter(notBefore(since));
    },
    async recentPosts(userId, { purpose, since }) {
      const query = { ...FIELDS, max_results: BATCH, exclude: 'replies', start_time: iso(since) };
      const page = await get<RawPost[]>('users/:id/tweets', `users/${encodeURIComponent(userId)}/tweets`, query, purpose, 'post');
      // 200 with errors and no data: a protected, suspended or unknown account (404 comes back as null).
      const unavailable = !page || (page.data === undefined && (page.errors?.length ?? 0) > 0);
      const posts = page ? postsOf(page).filter(notBefore(since)) : [];
      return { posts, complete: !unavailable && !page?.meta?.next_token, unavailable };
    },
    timelineSince(userId, o) {
      const query = o.exclude?.length ? { exclude: [...o.exclude].sort().join(',') } : {};
      return feedRead('users/:id/tweets', `users/${encodeURIComponent(userId)}/tweets`, query, o, 'pagination_token');
    },
    searchSince(query, o) {
      const horizon = clock.now().getTime() - SEARCH_HORIZON_MS + HORIZON_MARGIN_MS;
      const startTime = o.startTime && o.startTime.getTime() < horizon ? new Date(horizon) : o.startTime;
      // end_time is left out: X then searches up to 30 s ago, and the cursor (since_id) covers the rest next time.
      return feedRead('tweets/search/recent', 'tweets/search/recent', { query }, { ...o, startTime }, 'next_token');
    },
  };
  return reads;
}
