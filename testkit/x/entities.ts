// A post's `entities` as X API v2 gives them: urls, mentions, hashtags and cashtags found in `text`, each with
// `start`/`end` counted in Unicode code points (end exclusive), as X counts them: a client slicing with UTF-16
// indices would be off by one per emoji before the entity. The tokenisation follows X's own twitter-text
// (extractEntitiesWithIndices): the same rules decide what recent search matches as #tag, $tag and @name.
import { displayUrl, findUrls, type Link } from './links.js';

export interface UrlEntity { start: number; end: number; url: string; expanded_url: string; display_url: string; media_key?: string }
export interface MentionEntity { start: number; end: number; username: string; id?: string }
export interface TagEntity { start: number; end: number; tag: string }
export interface Entities { urls?: UrlEntity[]; mentions?: MentionEntity[]; hashtags?: TagEntity[]; cashtags?: TagEntity[] }

// twitter-text's hashtagAlphaNumeric / hashtagAlpha: letters, marks, decimal digits, `_` and a few joiners
// used inside words of some scripts. A hashtag needs at least one letter ("#1" is not one).
const HASH_ALNUM = '[\\p{L}\\p{M}\\p{Nd}_\\u200c\\u200d\\ua67e\\u05be\\u05f3\\u05f4\\uff5e\\u301c\\u309b\\u309c\\u30a0\\u30fb\\u3003\\u0f0b\\u0f0c\\u00b7]';
const HASH_ALPHA = '[\\p{L}\\p{M}]';
// Preceded by the start, a variation selector or any code point that is not a hashtag character nor `&`
// (so "a#b" and "&#39;" are not hashtags); not a keycap ("#️⃣").
const HASHTAG = new RegExp(`(^|\\ufe0e|\\ufe0f|(?!${HASH_ALNUM}|&)[^])([#＃])(?!\\ufe0f|\\u20e3)(${HASH_ALNUM}*${HASH_ALPHA}${HASH_ALNUM}*)`, 'gu');
const HASHTAG_END = /^(?:[#＃]|:\/\/)/;

// twitter-text's validMentionOrList without lists: `@` after the start, a char that cannot be part of a
// name or an e-mail ("a@b" is not a mention), or "RT"/"RT:"; then 1-20 of [A-Za-z0-9_]. Rejected when
// followed by another `@`, a Latin accented letter or "://".
const MENTION = /(^|[^a-zA-Z0-9_!#$%&*@＠]|(?:^|[^a-zA-Z0-9_+~.-])(?:rt|RT|rT|Rt):?)([@＠])([a-zA-Z0-9_]{1,20})/g;
const MENTION_END = /^(?:[@＠]|[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff]|:\/\/)/;

// twitter-text's validCashtag: `$` at the start or after a space (not after any non-word char: "a$WAR" and
// "($WAR)" are not cashtags), 1-6 letters, optionally `.` or `_` and 1-2 more letters, then the end, a space
// or punctuation ("$1" and "$WARPED7" are not cashtags; "$BRK.A" is).
const SPACES = '\\t-\\r \\x85\\xa0\\u1680\\u180e\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const CASHTAG = new RegExp(`(^|[${SPACES}])\\$([a-z]{1,6}(?:[._][a-z]{1,2})?)(?=$|\\s|[!'#%&()*+,\\\\\\-./:;<=>?@\\[\\]^_{|}~$])`, 'gi');

interface Span { start: number; end: number; make: () => Array<{ kind: keyof Entities; entity: UrlEntity | MentionEntity | TagEntity }> }

/**
 * The entities of `text` (undefined when it has none, as X omits the field). `links` expand the t.co links
 * X put in the text (several links may share one t.co, as the media of a post do); `userId` names the
 * account behind a mention, when there is one.
 */
export function extractEntities(text: string, links: readonly Link[], userId: (username: string) => string | undefined): Entities | undefined {
  const spans: Span[] = [];
  for (const { index, url } of findUrls(text)) {
    const end = index + url.length;
    const known = links.filter((l) => l.url === url);
    spans.push({
      start: index, end,
      make: () => (known.length ? known : [{ url, expandedUrl: url, displayUrl: displayUrl(url) }]).map((l) => ({
        kind: 'urls' as const,
        entity: { start: 0, end: 0, url: l.url, expanded_url: l.expandedUrl, display_url: l.displayUrl, ...(l.mediaKey ? { media_key: l.mediaKey } : {}) },
      })),
    });
  }
  for (const m of text.matchAll(MENTION)) {
    const start = m.index + m[1]!.length;
    const end = start + 1 + m[3]!.length;
    if (MENTION_END.test(text.slice(end))) continue;
    const username = m[3]!;
    spans.push({ start, end, make: () => [{ kind: 'mentions', entity: { start: 0, end: 0, username, ...idOf(userId(username)) } }] });
  }
  for (const m of text.matchAll(HASHTAG)) {
    const start = m.index + m[1]!.length;
    const end = start + m[2]!.length + m[3]!.length;
    if (HASHTAG_END.test(text.slice(end))) continue;
    const tag = m[3]!;
    spans.push({ start, end, make: () => [{ kind: 'hashtags', entity: { start: 0, end: 0, tag } }] });
  }
  for (const m of text.matchAll(CASHTAG)) {
    const start = m.index + m[1]!.length;
    const tag = m[2]!;
    spans.push({ start, end: start + 1 + tag.length, make: () => [{ kind: 'cashtags', entity: { start: 0, end: 0, tag } }] });
  }
  if (!spans.length) return undefined;

  // As twitter-text's removeOverlappingEntities: by start, the first wins ("https://a.io/#x" has no hashtag).
  spans.sort((a, b) => a.start - b.start);
  const kept: Span[] = [];
  for (const s of spans) if (!kept.length || s.start >= kept[kept.length - 1]!.end) kept.push(s);

  const cp = codePointIndex(text);
  const out: Entities = {};
  for (const s of kept) {
    for (const { kind, entity } of s.make()) {
      entity.start = cp(s.start);
      entity.end = cp(s.end);
      ((out[kind] ??= []) as Array<typeof entity>).push(entity);
    }
  }
  return out;
}

/**
 * A repost's entities: the "@author" of its "RT @author: " prefix, then the original's entities moved past
 * the prefix, as X builds them from the original post (not by parsing the repost's text again).
 */
export function repostEntities(author: { id: string; username: string }, original: Entities | undefined): Entities {
  const by = [...`RT @${author.username}: `].length;
  const shift = <T extends { start: number; end: number }>(list: T[] | undefined) => list?.map((x) => ({ ...x, start: x.start + by, end: x.end + by }));
  const out: Entities = { mentions: [{ start: 3, end: 4 + author.username.length, username: author.username, id: author.id }, ...(shift(original?.mentions) ?? [])] };
  const urls = shift(original?.urls);
  const hashtags = shift(original?.hashtags);
  const cashtags = shift(original?.cashtags);
  if (urls) out.urls = urls;
  if (hashtags) out.hashtags = hashtags;
  if (cashtags) out.cashtags = cashtags;
  return out;
}

/** UTF-16 index -> code point index in `text`. */
function codePointIndex(text: string): (utf16: number) => number {
  const map = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    // The low half of a surrogate pair belongs to the code point its high half started.
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && isHigh(text.charCodeAt(i - 1)))) cp++;
    else map[i] = cp - 1;
  }
  map[text.length] = cp;
  return (i) => map[i]!;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const idOf = (id: string | undefined) => (id ? { id } : {});
