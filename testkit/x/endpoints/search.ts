// GET /2/tweets/search/recent: the last 7 days (by the fake clock), newest first, 10-100 a page.
// Queries: space-separated terms, all of which must hold, each optionally negated with "-":
// conversation_id:, from:, to:, in_reply_to_tweet_id:, quotes_of_tweet_id:, retweets_of_tweet_id:,
// is:reply, is:retweet, is:quote, bare words and "quoted phrases" (case-insensitive). No OR, no groups.
import { invalidRequest } from '../errors.js';
import { decodeToken, encodeToken, maxResults, minuteStamp, pageDesc, snowflakeParam, timeParam } from '../params.js';
import { Shape, TWEET_EXPANSIONS } from '../render.js';
import type { PostRecord, World } from '../world.js';
import { newestFirst, type Ctx } from './context.js';

const WEEK_MS = 7 * 24 * 3600_000;

interface Term { negated: boolean; test: (p: PostRecord) => boolean; conversation?: string; from?: string }

function parseQuery(world: World, query: string): Term[] {
  const tokens = query.match(/-?"[^"]*"|\S+/g) ?? [];
  const bad = (why: string) => invalidRequest('query', query, `There were errors processing your request: ${why}`);
  if (tokens.some((t) => t === 'OR' || t.startsWith('(') || t.endsWith(')'))) {
    throw bad('OR and parentheses are not supported by this fake (see testkit/x/README.md)');
  }
  return tokens.map((raw) => {
    const negated = raw.startsWith('-');
    const t = negated ? raw.slice(1) : raw;
    if (t.startsWith('"')) {
      const phrase = t.slice(1, -1).toLowerCase();
      return { negated, test: (p) => p.text.toLowerCase().includes(phrase) };
    }
    const m = /^([a-z_]+):(.+)$/.exec(t);
    if (!m) {
      const word = t.toLowerCase();
      return { negated, test: (p) => p.text.toLowerCase().includes(word) };
    }
    const [, op, value] = m as unknown as [string, string, string];
    const userId = () => world.findUser(value)?.id ?? '-';
    switch (op) {
      case 'conversation_id':
        return { negated, conversation: negated ? undefined : value, test: (p) => p.conversationId === value };
      case 'from': {
        const id = userId();
        return { negated, from: negated ? undefined : id, test: (p) => p.authorId === id };
      }
      case 'to': {
        const id = userId();
        return { negated, test: (p) => p.inReplyToUserId === id };
      }
      case 'in_reply_to_tweet_id':
        return { negated, test: (p) => p.inReplyToPostId === value };
      case 'quotes_of_tweet_id':
        return { negated, test: (p) => p.quotedId === value };
      case 'retweets_of_tweet_id':
        return { negated, test: (p) => p.repostOfId === value };
      case 'is':
        if (value === 'reply') return { negated, test: (p) => p.kind === 'reply' };
        if (value === 'retweet') return { negated, test: (p) => p.kind === 'repost' };
        if (value === 'quote') return { negated, test: (p) => p.kind === 'quote' };
        throw bad(`Reference to invalid field 'is:${value}'`);
      default:
        throw bad(`Reference to invalid operator '${op}'. Operator is not available in current product or product packaging.`);
    }
  });
}

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
  const terms = parseQuery(world, query);

  // Narrow with an index when the query names a conversation or an author; else scan everything.
  const conv = terms.find((t) => t.conversation)?.conversation;
  const from = terms.find((t) => t.from)?.from;
  const candidates = conv !== undefined ? world.conversation(conv) : from !== undefined ? world.authoredBy(from) : [...world.allPosts()];
  const lower = start ?? horizon;
  const matches = candidates
    .filter((p) => {
      if (p.deleted || p.createdAt > now || p.createdAt < lower) return false;
      if (end && p.createdAt >= end) return false;
      if (sinceId && BigInt(p.id) <= BigInt(sinceId)) return false;
      if (untilId && BigInt(p.id) >= BigInt(untilId)) return false;
      if (world.users.get(p.authorId)!.protected) return false; // search never shows protected accounts
      return terms.every((t) => t.test(p) !== t.negated);
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
