// The recent-search query language, as docs.x.com "Build a query" describes it: terms joined by a space
// (AND) or `OR`, AND applied before OR, parentheses to group, `-` to negate a term or a group, and at least
// one standalone operator (a query of `is:`/`lang:` terms alone is refused). Terms: words and "phrases"
// (case-insensitive substring of the text), #hashtags, $cashtags and @mentions (one of the post's entities,
// case-insensitive), conversation_id:, from:, to:, in_reply_to_tweet_id:, quotes_of_tweet_id:,
// retweets_of_tweet_id:, is:reply|retweet|quote, lang:xx.
import type { PostRecord, World } from './world.js';

export type Expr =
  | { kind: 'term'; test: (p: PostRecord) => boolean; standalone: boolean; conversation?: string; from?: string }
  | { kind: 'not'; of: Expr }
  | { kind: 'and' | 'or'; of: Expr[] };

/** A query X would refuse: the reason, worded as X's `errors[].message` after its common prefix. */
export class QueryError extends Error {}

const TOKEN = /-?"[^"]*"|[()]|-\(|[^\s()]+/g;

export function parseQuery(world: World, query: string): Expr {
  const tokens = query.match(TOKEN) ?? [];
  let at = 0;
  const peek = () => tokens[at];

  const orExpr = (): Expr => {
    const parts = [andExpr()];
    while (peek() === 'OR') {
      at++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', of: parts };
  };
  const andExpr = (): Expr => {
    const parts: Expr[] = [];
    for (let t = peek(); t !== undefined && t !== ')' && t !== 'OR'; t = peek()) parts.push(unary());
    if (!parts.length) throw new QueryError(at < tokens.length ? `Unexpected '${tokens[at]}' where a term was expected` : 'The query ends where a term was expected');
    return parts.length === 1 ? parts[0]! : { kind: 'and', of: parts };
  };
  const unary = (): Expr => {
    const t = tokens[at++]!;
    if (t === '(' || t === '-(') {
      const inner = orExpr();
      if (tokens[at++] !== ')') throw new QueryError("A group opened with '(' is not closed");
      return t === '-(' ? { kind: 'not', of: inner } : inner;
    }
    if (t.startsWith('-') && t.length > 1) return { kind: 'not', of: term(world, t.slice(1)) };
    return term(world, t);
  };

  const expr = orExpr();
  if (at < tokens.length) throw new QueryError(`Unexpected '${tokens[at]}'`);
  if (!hasStandalone(expr)) throw new QueryError('A query needs at least one standalone operator: is: and lang: only narrow one');
  return expr;
}

export function matches(expr: Expr, p: PostRecord): boolean {
  switch (expr.kind) {
    case 'term':
      return expr.test(p);
    case 'not':
      return !matches(expr.of, p);
    case 'and':
      return expr.of.every((e) => matches(e, p));
    case 'or':
      return expr.of.some((e) => matches(e, p));
  }
}

/** A conversation or an author every match must have (a positive term of the top-level AND): the index to
 * scan instead of every post. */
export function narrowing(expr: Expr): { conversation?: string; from?: string } {
  const top = expr.kind === 'and' ? expr.of : [expr];
  const terms = top.filter((e): e is Extract<Expr, { kind: 'term' }> => e.kind === 'term');
  const conversation = terms.find((t) => t.conversation !== undefined)?.conversation;
  const from = terms.find((t) => t.from !== undefined)?.from;
  return { ...(conversation !== undefined ? { conversation } : {}), ...(from !== undefined ? { from } : {}) };
}

function hasStandalone(expr: Expr): boolean {
  if (expr.kind === 'term') return expr.standalone;
  if (expr.kind === 'not') return hasStandalone(expr.of);
  return expr.of.some(hasStandalone);
}

/** Whether the post has this #hashtag, $cashtag or @mention among its entities (any case): search and
 * `entities` tokenise alike (entities.ts, after twitter-text), so "$1" or "a@b" match neither. */
function hasEntity(p: PostRecord, sigil: string, name: string): boolean {
  const e = p.entities;
  const list = sigil === '#' ? e?.hashtags : sigil === '$' ? e?.cashtags : e?.mentions;
  return (list ?? []).some((x) => ('tag' in x ? x.tag : x.username).toLowerCase() === name);
}

function term(world: World, t: string): Expr {
  const standalone = (test: (p: PostRecord) => boolean, extra: { conversation?: string; from?: string } = {}): Expr => ({ kind: 'term', test, standalone: true, ...extra });
  const narrowOnly = (test: (p: PostRecord) => boolean): Expr => ({ kind: 'term', test, standalone: false });
  if (t.startsWith('"')) {
    if (t.length < 2 || !t.endsWith('"')) throw new QueryError('A phrase opened with \'"\' is not closed');
    const phrase = t.slice(1, -1).toLowerCase();
    return standalone((p) => p.text.toLowerCase().includes(phrase));
  }
  if (/^[#$@][\p{L}\p{N}_]+$/u.test(t)) {
    const name = t.slice(1).toLowerCase();
    return standalone((p) => hasEntity(p, t[0]!, name));
  }
  const m = /^([a-z_]+):(.+)$/.exec(t);
  if (!m) {
    const word = t.toLowerCase();
    return standalone((p) => p.text.toLowerCase().includes(word));
  }
  const [, op, value] = m as unknown as [string, string, string];
  const userId = () => world.findUser(value)?.id ?? '-';
  switch (op) {
    case 'conversation_id':
      return standalone((p) => p.conversationId === value, { conversation: value });
    case 'from': {
      const id = userId();
      return standalone((p) => p.authorId === id, { from: id });
    }
    case 'to': {
      const id = userId();
      return standalone((p) => p.inReplyToUserId === id);
    }
    case 'in_reply_to_tweet_id':
      return standalone((p) => p.inReplyToPostId === value);
    case 'quotes_of_tweet_id':
      return standalone((p) => p.quotedId === value);
    case 'retweets_of_tweet_id':
      return standalone((p) => p.repostOfId === value);
    case 'is':
      if (value === 'reply') return narrowOnly((p) => p.kind === 'reply');
      if (value === 'retweet') return narrowOnly((p) => p.kind === 'repost');
      if (value === 'quote') return narrowOnly((p) => p.kind === 'quote');
      throw new QueryError(`Reference to invalid field 'is:${value}'`);
    case 'lang':
      return narrowOnly((p) => p.lang === value.toLowerCase());
    default:
      throw new QueryError(`Reference to invalid operator '${op}'. Operator is not available in current product or product packaging.`);
  }
}
