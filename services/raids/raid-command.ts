// Parsing of `/raid <post url> [replies=N] ... [for=30m] [lock] [pool=AMOUNT TOKEN]`. Pure so the bot,
// the guided conversation and the Mini App share one set of rules, and every refusal says how to do it
// right (the usage text travels with each error).
import { echo } from '../platform/echo.js';
import { MAX_RAID_MINUTES, MIN_RAID_MINUTES, RAID_LENGTH_RANGE } from '../groups/index.js';
import type { RaidTargets } from './types.js';

export const MAX_TARGET = 100_000;

export const RAID_USAGE = [
  'Usage: /raid <post url> [replies=N] [reposts=N] [likes=N] [quotes=N] [bookmarks=N] [for=30m] [lock] [pool=AMOUNT TOKEN]',
  'Example: /raid https://x.com/warhorn/status/1850000000000000000 replies=20 likes=50 for=1h lock',
  'The url is a post on x.com or twitter.com; targets are whole numbers from 0 to 100000, at least one above 0;',
  `for= is ${RAID_LENGTH_RANGE} (m, h or d).`,
].join('\n');

export type PostUrlResult = { ok: true; postId: string; author?: string } | { ok: false; error: string };

const HOSTS = new Set(['x.com', 'twitter.com', 'mobile.twitter.com', 'mobile.x.com', 'www.x.com', 'www.twitter.com']);
// Post ids are unsigned 64-bit snowflakes: at most 20 digits, and we refuse leading zeros so one post has one id.
const POST_ID = '([1-9]\\d{0,19})';
// After the id X adds media or analytics sub-pages; they still name the same post.
const TAIL = '(?:/(?:photo|video)/\\d+|/analytics|/quotes|/retweets|/likes)?/?';
const USER_PATH = new RegExp(`^/([A-Za-z0-9_]{1,15})/status(?:es)?/${POST_ID}${TAIL}$`);
const WEB_PATH = new RegExp(`^/i/(?:web/)?status(?:es)?/${POST_ID}${TAIL}$`);

/** Reads the post id (and author handle when the url names one) from an X post url. */
export function parsePostUrl(raw: string): PostUrlResult {
  const text = raw.trim().replace(/^<|>$/g, '');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, error: `"${echo(raw)}" is not a link to an X post` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: `"${echo(raw)}" is not a web link` };
  const host = url.hostname.toLowerCase();
  if (!HOSTS.has(host)) return { ok: false, error: `"${echo(host)}" is not X: use a post link from x.com or twitter.com` };
  if (url.username || url.password || (url.port && url.port !== '443' && url.port !== '80')) {
    return { ok: false, error: `"${echo(raw)}" is not a plain X post link` };
  }
  const web = WEB_PATH.exec(url.pathname);
  if (web?.[1]) return { ok: true, postId: web[1] };
  const user = USER_PATH.exec(url.pathname);
  // "i" is X's own namespace, never a user handle.
  if (user?.[1] && user[2] && user[1].toLowerCase() !== 'i') return { ok: true, postId: user[2], author: user[1] };
  return { ok: false, error: `"${echo(raw)}" is not a link to a single X post (expected …/<user>/status/<id>)` };
}

export interface RaidPool {
  /** Decimal text as typed; converting to the token's smallest unit needs its decimals, known elsewhere. */
  amount: string;
  token?: string;
}

export type RaidCommandResult =
  | { ok: true; postId: string; author?: string; targets: RaidTargets; durationMinutes: number; lock: boolean; pool?: RaidPool }
  | { ok: false; error: string; usage: string };

export interface RaidCommandDefaults {
  durationMinutes: number;
  lock: boolean;
}

// Singular forms and the old "retweets" are accepted because people type them; each maps to one target.
const TARGET_KEYS: Record<string, keyof RaidTargets> = {
  replies: 'replies', reply: 'replies',
  reposts: 'reposts', repost: 'reposts', retweets: 'reposts', retweet: 'reposts',
  likes: 'likes', like: 'likes',
  quotes: 'quotes', quote: 'quotes',
  bookmarks: 'bookmarks', bookmark: 'bookmarks',
};

/** Parses "30m", "2h", "1d" into minutes within the bounds of a group's default (groups' settings). */
export function parseDuration(text: string): { ok: true; minutes: number } | { ok: false; error: string } {
  const m = /^(\d{1,6})(m|min|h|d)$/i.exec(text.trim());
  const bad = `for= must be a duration from ${RAID_LENGTH_RANGE}, such as 30m, 2h or 1d (got "${echo(text)}")`;
  if (!m) return { ok: false, error: bad };
  const unit = (m[2] ?? 'm').toLowerCase();
  const minutes = Number(m[1]) * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
  if (minutes < MIN_RAID_MINUTES || minutes > MAX_RAID_MINUTES) return { ok: false, error: bad };
  return { ok: true, minutes };
}

const AMOUNT = /^(?:\d{1,30})(?:\.\d{1,30})?$/;
const TOKEN = /^[A-Za-z][A-Za-z0-9.$_-]{0,63}$/;

/** Parses the whole `/raid ...` message (the command itself may carry @botname). */
export function parseRaidCommand(text: string, defaults: RaidCommandDefaults = { durationMinutes: 30, lock: false }): RaidCommandResult {
  const fail = (error: string): RaidCommandResult => ({ ok: false, error, usage: RAID_USAGE });
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words[0] && /^\/raid(@\w+)?$/i.test(words[0])) words.shift();
  const urlWord = words.shift();
  if (!urlWord) return fail('Give the link of the X post to raid.');
  const post = parsePostUrl(urlWord);
  if (!post.ok) return fail(post.error);

  const targets: RaidTargets = { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 };
  const seen = new Set<string>();
  let durationMinutes = defaults.durationMinutes;
  let lock = defaults.lock;
  let pool: RaidPool | undefined;

  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (/^lock$/i.test(word)) {
      lock = true;
      continue;
    }
    const eq = word.indexOf('=');
    if (eq <= 0) return fail(`"${echo(word)}" is not an option: options look like replies=10, for=1h or lock`);
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    const target = TARGET_KEYS[key];
    const canonical = target ?? key;
    if (!target && key !== 'for' && key !== 'pool') {
      return fail(`unknown option "${echo(key)}": use replies, reposts, likes, quotes, bookmarks, for, lock or pool`);
    }
    if (seen.has(canonical)) return fail(`${canonical} is given twice`);
    seen.add(canonical);
    if (target) {
      if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_TARGET) {
        return fail(`${key} must be a whole number from 0 to ${MAX_TARGET} (got "${echo(value)}")`);
      }
      targets[target] = Number(value);
    } else if (key === 'for') {
      const d = parseDuration(value);
      if (!d.ok) return fail(d.error);
      durationMinutes = d.minutes;
    } else {
      // "pool=100 USDT" or "pool=100USDT": the token may be the next word unless that word is an option.
      const joined = /^(\d[\d.]*)([A-Za-z].*)$/.exec(value);
      const amount = joined ? (joined[1] as string) : value;
      let token = joined ? joined[2] : undefined;
      const next = words[i + 1];
      if (!token && next && !next.includes('=') && !/^lock$/i.test(next)) {
        token = next;
        i++;
      }
      if (!AMOUNT.test(amount) || /^0*(\.0*)?$/.test(amount)) return fail(`pool must be a positive amount such as pool=100 USDT (got "${echo(amount)}")`);
      if (token !== undefined && !TOKEN.test(token)) return fail(`"${echo(token)}" is not a token symbol (pool=100 USDT)`);
      pool = token ? { amount, token } : { amount };
    }
  }
  if (Object.values(targets).every((n) => n === 0)) {
    return fail('Set at least one target above 0, e.g. replies=10 likes=25.');
  }
  return {
    ok: true,
    postId: post.postId,
    ...(post.author ? { author: post.author } : {}),
    targets,
    durationMinutes,
    lock,
    ...(pool ? { pool } : {}),
  };
}
