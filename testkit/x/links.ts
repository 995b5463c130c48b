// t.co, as X does it: when a post is made, every link typed in its text is replaced by
// https://t.co/<10 alphanumerics>, and the post's url entity keeps where it leads (expanded_url) and what
// X shows for it (display_url). The links X adds itself (a quote's link to the quoted post, a media post's
// link to its media) are t.co links too.
import { randomInt } from 'node:crypto';

/** One t.co link of a post and what it stands for; media links carry the media's key. */
export interface Link { url: string; expandedUrl: string; displayUrl: string; mediaKey?: string }

// As twitter-text finds a link: not glued to a word, `@`, `$` or `#` before it; trailing punctuation
// ("." "," "!" a quote, an unbalanced ")") is not part of it. Links without a scheme ("warhorn.io") are
// not looked for here.
const URL_START = /(^|[^A-Za-z0-9@＠$#＃\u202a-\u202e])(https?:\/\/[^\s\u3000]+)/giu;
const URL_END_OK = /[\p{L}\p{N}+\-=_#/&]$/u;
const TCO = /^https?:\/\/t\.co\/[a-z0-9]+$/i;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface FoundUrl { index: number; url: string }

/** http(s) links in `text` with their UTF-16 index. */
export function findUrls(text: string): FoundUrl[] {
  const out: FoundUrl[] = [];
  for (const m of text.matchAll(URL_START)) {
    let url = m[2]!;
    while (url && !URL_END_OK.test(url) && !(url.endsWith(')') && count(url, '(') >= count(url, ')'))) url = url.slice(0, -1);
    if (/^https?:\/\/[^/?#]*[\p{L}\p{N}]/u.test(url)) out.push({ index: m.index + m[1]!.length, url });
  }
  return out;
}

export function randomSlug(length = 10): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return s;
}

export const tcoUrl = (slug: string) => `https://t.co/${slug}`;

/** `text` with each typed link (a t.co one stays: X does not wrap its own links again) in t.co form. */
export function shortenUrls(text: string): { text: string; links: Link[] } {
  const links: Link[] = [];
  let out = '';
  let at = 0;
  for (const found of findUrls(text)) {
    if (TCO.test(found.url)) continue;
    const url = tcoUrl(randomSlug());
    out += text.slice(at, found.index) + url;
    at = found.index + found.url.length;
    links.push({ url, expandedUrl: found.url, displayUrl: displayUrl(found.url) });
  }
  return { text: out + text.slice(at), links };
}

/**
 * What X shows for a link: no scheme, no leading "www.", no lone trailing "/", and past the host at most
 * 16 characters, else the first 15 and "…" ("github.com/saasfly/saasfly" stays whole, a longer path becomes
 * "github.com/grasswire/scra…", "youtube.com/watch?v=tEm0US…"), as seen in X's answers.
 */
export function displayUrl(url: string): string {
  const m = /^https?:\/\/([^/?#]*)(.*)$/is.exec(url);
  if (!m) return url;
  const host = m[1]!.replace(/^www\./i, '');
  const rest = m[2] === '/' ? [] : [...m[2]!];
  return host + (rest.length > 16 ? `${rest.slice(0, 15).join('')}…` : rest.join(''));
}

/** The link X appends to a media post: one t.co for all its media, shown as pic.x.com/<same slug>. X's
 * answers give every item of the post the expanded_url of the first (".../photo/1"), each with its key. */
export function mediaLinks(postUrl: string, media: ReadonlyArray<{ key: string; type: string }>): Link[] {
  const slug = randomSlug();
  const first = media[0]?.type === 'video' ? 'video' : 'photo'; // a GIF is shown as a photo
  return media.map((m) => ({ url: tcoUrl(slug), expandedUrl: `${postUrl}/${first}/1`, displayUrl: `pic.x.com/${slug}`, mediaKey: m.key }));
}

/** The link X appends to a quote, to the quoted post; the same t.co for every quote of that post. */
export function quoteLink(quotedId: string, quotedUrl: string): Link {
  const slug = BigInt(quotedId).toString(36).slice(-10).padStart(10, 'a');
  return { url: tcoUrl(slug), expandedUrl: quotedUrl, displayUrl: displayUrl(quotedUrl) };
}

/**
 * A post's text as X stores it: the typed links in t.co form, then X's own links, each after a space: to the
 * quoted post (a quote), and one for all the media (a media post).
 */
export function composeText(
  typed: string,
  o: { postUrl: string; quoted?: { id: string; url: string } | undefined; media: ReadonlyArray<{ key: string; type: string }> },
): { text: string; links: Link[] } {
  const { text, links } = shortenUrls(typed);
  const tail: string[] = [];
  if (o.quoted) {
    const link = quoteLink(o.quoted.id, o.quoted.url);
    links.push(link);
    tail.push(link.url);
  }
  if (o.media.length) {
    const media = mediaLinks(o.postUrl, o.media);
    links.push(...media);
    tail.push(media[0]!.url);
  }
  return { text: [text, ...tail].filter((t) => t !== '').join(' '), links };
}

const count = (s: string, ch: string) => s.split(ch).length - 1;
