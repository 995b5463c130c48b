// GET /2/tweets/search/recent: the last 7 days (by the fake clock), newest first, 10-100 a page.
// The query language is in ../search-query.ts.
import { invalidRequest } from '../errors.js';
import { decodeToken, encodeToken, maxResults, minuteStamp, pageDesc, snowflakeParam, timeParam } from '../params.js';
import { Shape, TWEET_EXPANSIONS } from '../render.js';
import { matches as matchesQuery, narrowing, parseQuery, QueryError, type Expr } from '../search-query.js';
import { newestFirst, type Ctx } from './context.js';

const WEEK_MS = 7 * 24 * 3600_000;

export function searchRecent(ctx: Ctx): unknown {
  const { world, q } = ctx;
  const query = q.get('query');
  if (query === null || query.trim() === '') throw invalidRequest('query', '', 'The `query` query parameter can not be empty');
  if (query.length > 512) throw invalidRequest('query', query, `The \`query\` query parameter value [${query}] must be at most 512 characters long`);
  const size = maxResults(q, 10, 100, 10);
  const shape = new Shape(world, q, TWEET_EXPANSIONS);
  const now = world.now();
  const horizon = new Date(now.getTime() - WEEK_MS);
  const start = timeParam(q, 'start_time');
  const end = timeParam(q, 'end_time');
  if (start && start < horizon) {
    throw invalidRequest('start_time', q.get('start_time')!, `Invalid 'start_time':'${q.get('start_time')}'. 'start_time' must be on or after ${minuteStamp(horizon)}`);
  }
  if (end && end.getTime() > now.getTime() - 10_000) {
    throw invalidRequest('end_time', q.get('end_time')!, `Invalid 'end_time':'${q.get('end_time')}'. 'end_time' must be a minimum of 10 seconds prior to the request time.`);
  }
  if (start && end && start >= end) {
    throw invalidRequest('start_time', q.get('start_time')!, `Invalid 'start_time':'${q.get('start_time')}'. 'start_time' must be before 'end_time'`);
  }
  const sinceId = snowflakeParam(q, 'since_id');
  const untilId = snowflakeParam(q, 'until_id');
  let expr: Expr;
  try {
    expr = parseQuery(world, query);
  } catch (error) {
    if (error instanceof QueryError) throw invalidRequest('query', query, `There were errors processing your request: ${error.message}`);
    throw error;
  }

  // Narrow with an index when every match must be in one conversation or by one author; else scan everything.
  const { conversation: conv, from } = narrowing(expr);
  const candidates = conv !== undefined ? world.conversation(conv) : from !== undefined ? world.authoredBy(from) : [...world.allPosts()];
  const lower = start ?? horizon;
  const matches = candidates
    .filter((p) => {
      if (p.deleted || p.createdAt > now || p.createdAt < lower) return false;
      if (end && p.createdAt >= end) return false;
      if (sinceId && BigInt(p.id) <= BigInt(sinceId)) return false;
      if (untilId && BigInt(p.id) >= BigInt(untilId)) return false;
      if (world.users.get(p.authorId)!.protected) return false; // search never shows protected accounts
      return matchesQuery(expr, p);
    })
    .sort(newestFirst);

  const scope = `search:${query}`;
  const after = decodeToken(q, ['next_token', 'pagination_token'], scope);
  const { items, next } = pageDesc(matches, after, size);
  if (!items.length) return { meta: { result_count: 0 } };
  const data = items.map((p) => shape.tweet(p));
  return {
    data,
    ...shape.includes(),
    meta: {
      newest_id: items[0]!.id,
      oldest_id: items[items.length - 1]!.id,
      result_count: items.length,
      ...(next ? { next_token: encodeToken(scope, next) } : {}),
    },
  };
}
