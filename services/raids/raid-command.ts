// Parsing of `/raid <post url> [replies=N] ... [for=30m] [lock] [pool=AMOUNT TOKEN]`. Pure so the bot,
// the guided conversation and the Mini App share one set of rules. A refusal is a reason code with what it
// is about; the words (and the usage shown with them) are the bot's (bots/features/raids/texts.ts).
import { echo } from '../platform/echo.js';
import { MAX_RAID_MINUTES, MIN_RAID_MINUTES } from '../groups/index.js';
import type { RaidTargets } from './types.js';

export const MAX_TARGET = 100_000;

/** Why a link is not an X post; `given` is an excerpt of what was typed (at most a few dozen characters). */
export type PostUrlRefusal =
  | { reason: 'not_a_link'; given: string }
  | { reason: 'not_a_web_link'; given: string }
  | { reason: 'not_x'; host: string }
  | { reason: 'not_a_plain_link'; given: string }
  | { reason: 'not_a_single_post'; given: string };

/** Why a `/raid` command is refused. Excerpts of what was typed are bounded (platform/echo.ts). */
export type RaidCommandRefusal =
  | { reason: 'no_link' }
  | PostUrlRefusal
  | { reason: 'not_an_option'; given: string }
  | { reason: 'unknown_option'; given: string }
  | { reason: 'given_twice'; option: string }
  | { reason: 'bad_target'; option: string; given: string; max: number }
  | { reason: 'bad_duration'; given: string }
  | { reason: 'bad_pool_amount'; given: string }
  | { reason: 'bad_token'; given: string }
  | { reason: 'no_target' };

export type PostUrlResult = { ok: true; postId: string; author?: string } | { ok: false; refusal: PostUrlRefusal };

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
    return { ok: false, refusal: { reason: 'not_a_link', given: echo(raw) } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, refusal: { reason: 'not_a_web_link', given: echo(raw) } };
  const host = url.hostname.toLowerCase();
  if (!HOSTS.has(host)) return { ok: false, refusal: { reason: 'not_x', host: echo(host) } };
  if (url.username || url.password || (url.port && url.port !== '443' && url.port !== '80')) {
    return { ok: false, refusal: { reason: 'not_a_plain_link', given: echo(raw) } };
  }
  const web = WEB_PATH.exec(url.pathname);
  if (web?.[1]) return { ok: true, postId: web[1] };
  const user = USER_PATH.exec(url.pathname);
  // "i" is X's own namespace, never a user handle.
  if (user?.[1] && user[2] && user[1].toLowerCase() !== 'i') return { ok: true, postId: user[2], author: user[1] };
  return { ok: false, refusal: { reason: 'not_a_single_post', given: echo(raw) } };
}

export interface RaidPool {
  /** Decimal text as typed; converting to the token's smallest unit needs its decimals, known elsewhere. */
  amount: string;
  token?: string;
}

export type RaidCommandResult =
  | { ok: true; postId: string; author?: string; targets: RaidTargets; durationMinutes: number; lock: boolean; pool?: RaidPool }
  | { ok: false; refusal: RaidCommandRefusal };

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
export function parseDuration(text: string): { ok: true; minutes: number } | { ok: false; refusal: RaidCommandRefusal } {
  const m = /^(\d{1,6})(m|min|h|d)$/i.exec(text.trim());
  const bad = { ok: false, refusal: { reason: 'bad_duration', given: echo(text) } } as const;
  if (!m) return bad;
  const unit = (m[2] ?? 'm').toLowerCase();
  const minutes = Number(m[1]) * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
  if (minutes < MIN_RAID_MINUTES || minutes > MAX_RAID_MINUTES) return bad;
  return { ok: true, minutes };
}

const AMOUNT = /^(?:\d{1,30})(?:\.\d{1,30})?$/;
const TOKEN = /^[A-Za-z][A-Za-z0-9.$_-]{0,63}$/;

/** Parses the whole `/raid ...` message (the command itself may carry @botname). */
export function parseRaidCommand(text: string, defaults: RaidCommandDefaults = { durationMinutes: 30, lock: false }): RaidCommandResult {
  const fail = (refusal: RaidCommandRefusal): RaidCommandResult => ({ ok: false, refusal });
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words[0] && /^\/raid(@\w+)?$/i.test(words[0])) words.shift();
  const urlWord = words.shift();
  if (!urlWord) return fail({ reason: 'no_link' });
  const post = parsePostUrl(urlWord);
  if (!post.ok) return fail(post.refusal);

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
    if (eq <= 0) return fail({ reason: 'not_an_option', given: echo(word) });
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    const target = TARGET_KEYS[key];
    const canonical = target ?? key;
    if (!target && key !== 'for' && key !== 'pool') {
      return fail({ reason: 'unknown_option', given: echo(key) });
    }
    if (seen.has(canonical)) return fail({ reason: 'given_twice', option: canonical });
    seen.add(canonical);
    if (target) {
      if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_TARGET) {
        return fail({ reason: 'bad_target', option: key, given: echo(value), max: MAX_TARGET });
      }
      targets[target] = Number(value);
    } else if (key === 'for') {
      const d = parseDuration(value);
      if (!d.ok) return fail(d.refusal);
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
      if (!AMOUNT.test(amount) || /^0*(\.0*)?$/.test(amount)) return fail({ reason: 'bad_pool_amount', given: echo(amount) });
      if (token !== undefined && !TOKEN.test(token)) return fail({ reason: 'bad_token', given: echo(token) });
      pool = token ? { amount, token } : { amount };
    }
  }
  if (Object.values(targets).every((n) => n === 0)) {
    return fail({ reason: 'no_target' });
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
