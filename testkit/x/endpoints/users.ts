// User lookup (by username, usernames, id, ids), the authenticated user (/2/users/me) and a user's posts.
import { invalidRequest, notAuthorized, notFound, unsupportedAuthentication } from '../errors.js';
import { checkId, decodeToken, encodeToken, idList, maxResults, pageDesc, snowflakeParam, timeParam } from '../params.js';
import { Shape, TWEET_EXPANSIONS, USER_EXPANSIONS } from '../render.js';
import { newestFirst, type Ctx } from './context.js';

const USERNAME = /^[A-Za-z0-9_]{1,15}$/;

export function byUsername(ctx: Ctx): unknown {
  const name = ctx.params.username!;
  if (!USERNAME.test(name)) throw invalidRequest('username', name, `The \`username\` query parameter value [${name}] does not match ^[A-Za-z0-9_]{1,15}$`);
  const shape = new Shape(ctx.world, ctx.q, USER_EXPANSIONS);
  const u = ctx.world.findByUsername(name);
  if (!u) return { errors: [notFound('user', 'username', name, 'username')] };
  return { data: shape.user(u), ...shape.includes() };
}

export function byUsernames(ctx: Ctx): unknown {
  const raw = ctx.q.get('usernames') ?? '';
  if (!raw) throw invalidRequest('usernames', '', 'The `usernames` query parameter can not be empty');
  const names = raw.split(',');
  if (names.length > 100) throw invalidRequest('usernames', raw, `The number of values in the \`usernames\` query parameter list [${names.length}] is not between 1 and 100`);
  const shape = new Shape(ctx.world, ctx.q, USER_EXPANSIONS);
  const data: unknown[] = [];
  const errors: unknown[] = [];
  for (const name of names) {
    const u = USERNAME.test(name) ? ctx.world.findByUsername(name) : undefined;
    if (u) data.push(shape.user(u));
    else errors.push(notFound('user', 'usernames', name, 'username'));
  }
  return { ...(data.length ? { data } : {}), ...shape.includes(), ...(errors.length ? { errors } : {}) };
}

export function byId(ctx: Ctx): unknown {
  const id = checkId('id', ctx.params.id!);
  const shape = new Shape(ctx.world, ctx.q, USER_EXPANSIONS);
  const u = ctx.world.users.get(id);
  if (!u) return { errors: [notFound('user', 'id', id)] };
  return { data: shape.user(u), ...shape.includes() };
}

export function byIds(ctx: Ctx): unknown {
  const ids = idList(ctx.q, 'ids');
  const shape = new Shape(ctx.world, ctx.q, USER_EXPANSIONS);
  const data: unknown[] = [];
  const errors: unknown[] = [];
  for (const id of ids) {
    const u = ctx.world.users.get(id);
    if (u) data.push(shape.user(u));
    else errors.push(notFound('user', 'ids', id));
  }
  return { ...(data.length ? { data } : {}), ...shape.includes(), ...(errors.length ? { errors } : {}) };
}

export function me(ctx: Ctx): unknown {
  if (ctx.viewer.kind !== 'user') throw unsupportedAuthentication();
  const shape = new Shape(ctx.world, ctx.q, USER_EXPANSIONS);
  return { data: shape.user(ctx.world.users.get(ctx.viewer.userId!)!), ...shape.includes() };
}

/**
 * A user's posts, replies, quotes and reposts, newest first. As on X: only the latest 3,200 are reachable,
 * only the latest 800 when `exclude=replies` is given, and `max_results` counts the excluded kinds too (a page
 * covers that many posts of the timeline, and drops the excluded ones from them, so it may come back short
 * or empty with a `next_token`).
 */
export function userTweets(ctx: Ctx): unknown {
  const { world, q } = ctx;
  const id = checkId('id', ctx.params.id!);
  const size = maxResults(q, 5, 100, 10);
  const shape = new Shape(world, q, TWEET_EXPANSIONS);
  const start = timeParam(q, 'start_time');
  const end = timeParam(q, 'end_time');
  const sinceId = snowflakeParam(q, 'since_id');
  const untilId = snowflakeParam(q, 'until_id');
  const exclude = new Set((q.get('exclude') ?? '').split(',').filter(Boolean));
  for (const e of exclude) {
    if (e !== 'replies' && e !== 'retweets') throw invalidRequest('exclude', e, `The \`exclude\` query parameter value [${e}] is not one of [replies,retweets]`);
  }
  const u = world.users.get(id);
  if (!u) return { errors: [notFound('user', 'id', id)] };
  if (u.protected && ctx.viewer.userId !== u.id) return { errors: [notAuthorized('user', 'id', id)] };
  const now = world.now();
  const reachable = exclude.has('replies') ? 800 : 3200;
  const posts = world
    .authoredBy(id)
    .filter((p) => !p.deleted && p.createdAt <= now)
    .sort(newestFirst)
    .slice(0, reachable)
    .filter((p) => {
      if (start && p.createdAt < start) return false;
      if (end && p.createdAt > end) return false;
      if (sinceId && BigInt(p.id) <= BigInt(sinceId)) return false;
      if (untilId && BigInt(p.id) >= BigInt(untilId)) return false;
      return true;
    });
  const scope = `users_tweets:${id}`;
  const after = decodeToken(q, ['pagination_token'], scope);
  const { items: window, next } = pageDesc(posts, after, size);
  const items = window.filter((p) => !(exclude.has('replies') && p.kind === 'reply') && !(exclude.has('retweets') && p.kind === 'repost'));
  const nextToken = next ? { next_token: encodeToken(scope, next) } : {};
  if (!items.length) return { meta: { result_count: 0, ...nextToken } };
  const data = items.map((p) => shape.tweet(p));
  return {
    data,
    ...shape.includes(),
    meta: { result_count: items.length, newest_id: items[0]!.id, oldest_id: items[items.length - 1]!.id, ...nextToken },
  };
}
