// Post lookup (single and ?ids=), liking_users (first 100 likers ever; private unless you wrote the post),
// retweeted_by (latest 100, no pagination) and quote_tweets (paginated).
import { notAuthorized, notFound } from '../errors.js';
import { checkId, decodeToken, encodeToken, idList, maxResults, pageDesc } from '../params.js';
import { Shape, TWEET_EXPANSIONS, USER_EXPANSIONS } from '../render.js';
import type { UserRecord } from '../world.js';
import { access, newestFirst, type Ctx } from './context.js';

export function lookupOne(ctx: Ctx): unknown {
  const id = checkId('id', ctx.params.id!);
  const shape = new Shape(ctx.world, ctx.q, TWEET_EXPANSIONS);
  const found = access(ctx, id);
  if (found.access === 'missing') return { errors: [notFound('tweet', 'id', id)] };
  if (found.access === 'protected') return { errors: [notAuthorized('tweet', 'id', id)] };
  const data = shape.tweet(found.post!);
  return { data, ...shape.includes() };
}

export function lookupMany(ctx: Ctx): unknown {
  const ids = idList(ctx.q, 'ids');
  const shape = new Shape(ctx.world, ctx.q, TWEET_EXPANSIONS);
  const data: unknown[] = [];
  const errors: unknown[] = [];
  for (const id of ids) {
    const found = access(ctx, id);
    if (found.access === 'ok') data.push(shape.tweet(found.post!));
    else errors.push(found.access === 'missing' ? notFound('tweet', 'ids', id) : notAuthorized('tweet', 'ids', id));
  }
  return { ...(data.length ? { data } : {}), ...shape.includes(), ...(errors.length ? { errors } : {}) };
}

/** The first 100 accounts that liked the post (later likers never show), newest of those first. */
export function likingUsers(ctx: Ctx): unknown {
  const id = checkId('id', ctx.params.id!);
  const shape = new Shape(ctx.world, ctx.q, USER_EXPANSIONS);
  const size = maxResults(ctx.q, 1, 100, 100);
  const found = access(ctx, id);
  if (found.access !== 'ok') return { errors: [found.access === 'missing' ? notFound('tweet', 'id', id) : notAuthorized('tweet', 'id', id)] };
  const post = found.post!;
  const hidden = post.likesVisibility === 'private' || (post.likesVisibility === 'default' && ctx.world.privateLikes && ctx.viewer.userId !== post.authorId);
  if (hidden) return { meta: { result_count: 0 } };
  const now = ctx.world.now();
  const likers = [...post.likes.entries()]
    .filter(([, at]) => at <= now)
    .sort((a, b) => a[1].getTime() - b[1].getTime())
    .slice(0, 100)
    .reverse()
    .map(([userId]) => ctx.world.users.get(userId)!);
  const scope = `liking_users:${id}`;
  const offset = Number(decodeToken(ctx.q, ['pagination_token'], scope) ?? 0);
  const slice = likers.slice(offset, offset + size);
  const next = offset + size < likers.length ? encodeToken(scope, String(offset + size)) : undefined;
  return usersPage(shape, slice, next);
}

/** The 100 most recent reposters; X offers no way past them. */
export function retweetedBy(ctx: Ctx): unknown {
  const id = checkId('id', ctx.params.id!);
  const shape = new Shape(ctx.world, ctx.q, USER_EXPANSIONS);
  const size = maxResults(ctx.q, 1, 100, 100);
  const found = access(ctx, id);
  if (found.access !== 'ok') return { errors: [found.access === 'missing' ? notFound('tweet', 'id', id) : notAuthorized('tweet', 'id', id)] };
  const reposts = [...found.post!.reposts.values()]
    .map((rid) => ctx.world.visible(rid))
    .filter((p) => p !== undefined)
    .sort(newestFirst)
    .slice(0, Math.min(size, 100));
  return usersPage(shape, reposts.map((p) => ctx.world.users.get(p.authorId)!), undefined);
}

export function quoteTweets(ctx: Ctx): unknown {
  const id = checkId('id', ctx.params.id!);
  const shape = new Shape(ctx.world, ctx.q, TWEET_EXPANSIONS);
  const size = maxResults(ctx.q, 10, 100, 10);
  const found = access(ctx, id);
  if (found.access !== 'ok') return { errors: [found.access === 'missing' ? notFound('tweet', 'id', id) : notAuthorized('tweet', 'id', id)] };
  const scope = `quote_tweets:${id}`;
  const after = decodeToken(ctx.q, ['pagination_token'], scope);
  const quotes = ctx.world.quotesOfPost(id).filter((p) => access(ctx, p.id).access === 'ok').sort(newestFirst);
  const { items, next } = pageDesc(quotes, after, size);
  if (!items.length) return { meta: { result_count: 0 } };
  const data = items.map((p) => shape.tweet(p));
  return { data, ...shape.includes(), meta: { result_count: data.length, ...(next ? { next_token: encodeToken(scope, next) } : {}) } };
}

function usersPage(shape: Shape, users: UserRecord[], next: string | undefined): unknown {
  if (!users.length) return { meta: { result_count: 0 } };
  const data = users.map((u) => shape.user(u));
  return { data, ...shape.includes(), meta: { result_count: data.length, ...(next ? { next_token: next } : {}) } };
}
