// Entities Telegram finds by itself in any text: bot commands, @mentions, #hashtags, $cashtags, emails, URLs
// (with a scheme, www., or a bare domain with a known TLD).
import { sortEntities } from './html.js';
import type { MessageEntity } from './types.js';

/** Generic top-level domains Telegram links without a scheme (tdlib checks a full list; this is the common part).
 */
const GENERIC_TLDS = [
  'com', 'org', 'net', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'mobi', 'asia', 'tel', 'travel', 'aero',
  'coop', 'museum', 'jobs', 'app', 'dev', 'page', 'xyz', 'top', 'site', 'online', 'store', 'shop', 'tech', 'club', 'live',
  'vip', 'cloud', 'finance', 'money', 'exchange', 'network', 'link', 'click', 'fun', 'games', 'game', 'space', 'world',
  'news', 'blog', 'art', 'design', 'digital', 'email', 'global', 'group', 'life', 'media', 'one', 'plus', 'run', 'social',
  'solutions', 'today', 'website', 'win', 'bet', 'casino', 'poker', 'bid', 'trade', 'market', 'markets', 'capital',
  'fund', 'cash', 'bank', 'credit', 'gold', 'tokyo', 'london', 'moscow', 'io', 'ai', 'gg', 'ly', 'me', 'tv', 'cc', 'co',
];
/** Assigned country-code TLDs (ISO 3166 plus ac, eu, su, uk): "node.js" is no link, "t.me" is. */
const COUNTRY_TLDS = (
  'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd cf ' +
  'cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg ' +
  'gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn ' +
  'kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na ' +
  'nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh ' +
  'si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve ' +
  'vg vi vn vu wf ws ye yt za zm zw'
).split(' ');
const TLD = `(?:${[...new Set([...GENERIC_TLDS, ...COUNTRY_TLDS])].sort((a, b) => b.length - a.length).join('|')})`;
const LABEL = '[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?';
/** A path, query or fragment, not ending in punctuation that closes the sentence. */
const PATH = `(?:[/?#](?:[^\\s<>"]*[^\\s<>".,;:!?)\\]'}])?)?`;
const DOMAIN_END = '(?![a-z0-9_-])(?!\\.[a-z0-9])';

const PATTERNS: Array<[string, RegExp]> = [
  ['bot_command', /(?<![\w/@])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])/g],
  ['email', new RegExp(`(?<![\\w.+-])[a-z0-9._+-]+@(?:${LABEL}\\.)+${TLD}${DOMAIN_END}`, 'gi')],
  ['mention', /(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])/g],
  ['hashtag', /(?<![\w#])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu],
  // tdlib: $ + 1-8 capital letters (or $1INCH), not inside a word
  ['cashtag', /(?<![$\d_\p{L}\u200c])\$(?:1INCH|[A-Z]{1,8})(?![$\d_\p{L}\u200c])/gu],
  ['url', /(?<![\w@/])(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]'}]/gi],
  // bare domains: example.com, example.com/x, t.me/foo (no scheme)
  ['url', new RegExp(`(?<![\\w@/.$-])(?:${LABEL}\\.)+${TLD}${DOMAIN_END}(?::\\d{1,5})?${PATH}`, 'gi')],
];

/** Formatting that hides automatic entities (no command or link detection inside code). */
const OPAQUE = new Set(['code', 'pre', 'text_link', 'text_mention', 'url', 'email', 'mention', 'bot_command', 'cashtag', 'custom_emoji']);

export function detectEntities(text: string, existing: MessageEntity[] = []): MessageEntity[] {
  const found: MessageEntity[] = [];
  const blocked = existing.filter((e) => OPAQUE.has(e.type));
  const taken = (s: number, e: number) =>
    [...blocked, ...found].some((x) => s < x.offset + x.length && x.offset < e);
  for (const [type, re] of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!taken(start, end)) found.push({ type, offset: start, length: m[0].length });
    }
  }
  return sortEntities([...existing, ...found]);
}

/** The command a message starts with, e.g. { command: 'start', target: 'mybot', args: 'x' }. */
export function leadingCommand(text: string | undefined): { command: string; target?: string; args: string } | undefined {
  const m = text ? /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{3,32}))?(?:\s+([\s\S]*))?$/.exec(text) : null;
  if (!m) return undefined;
  return { command: m[1]!, target: m[2], args: m[3] ?? '' };
}
