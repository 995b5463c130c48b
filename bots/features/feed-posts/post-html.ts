// An X post's text and entities as Telegram HTML. X counts entity offsets in Unicode code points while JS
// strings index UTF-16 units, so the text is split into code points first (an emoji before a mention must
// not shift it). The text becomes plain pieces, some linked, and HTML is written only after any cut: the
// cut then never lands inside a tag or an escape, and every tag it keeps is closed.
import { escapeHtml as esc } from '../../html.js';
import type { XPost } from '../../../services/x/index.js';
import { ELLIPSIS, cutToUnits } from './limits.js';

/** A run of visible text, linked when `href` is set. */
export interface Piece {
  text: string;
  href?: string;
}

/** Where an entity sits (code points, end exclusive) and what it becomes: a link, or nothing (`drop`). */
interface Span {
  start: number;
  end: number;
  href?: string;
  /** Shown instead of the text X wrote there (a url entity shows X's display form, not the t.co link). */
  display?: string;
  drop?: true;
}

/** The link X appends to a post with media (`…/status/1/photo/1`, `…/video/1` for videos and GIFs): the
 * media is the message's preview, so the link would only repeat it. */
const MEDIA_LINK = /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/[^/?#]+\/status\/\d+\/(?:photo|video)\/\d+\/?$/i;

/** `url` when it is http(s): Telegram links nothing else from a bot's text, and a `javascript:` or bare
 * word from hostile data is better shown as text. */
export function httpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export const profileUrl = (username: string) => `https://x.com/${encodeURIComponent(username)}`;
const hashtagUrl = (tag: string) => `https://x.com/hashtag/${encodeURIComponent(tag)}`;
const cashtagUrl = (tag: string) => `https://x.com/search?q=%24${encodeURIComponent(tag)}`;

function spansOf(post: XPost): Span[] {
  const e = post.entities;
  const spans: Span[] = [];
  for (const u of e.urls) {
    if (MEDIA_LINK.test(u.expandedUrl)) spans.push({ start: u.start, end: u.end, drop: true });
    else if (httpUrl(u.expandedUrl)) spans.push({ start: u.start, end: u.end, href: u.expandedUrl, display: u.displayUrl || u.expandedUrl });
    // X could not expand it: the t.co link still leads there.
    else if (httpUrl(u.url)) spans.push({ start: u.start, end: u.end, href: u.url });
  }
  for (const m of e.mentions) if (m.username) spans.push({ start: m.start, end: m.end, href: profileUrl(m.username) });
  for (const h of e.hashtags) if (h.tag) spans.push({ start: h.start, end: h.end, href: hashtagUrl(h.tag) });
  for (const c of e.cashtags) if (c.tag) spans.push({ start: c.start, end: c.end, href: cashtagUrl(c.tag) });
  return spans;
}

/** The spans that can be rendered: inside the text and not overlapping one another. X never sends overlaps,
 * so one means bad data; the earliest (the longest at a tie) is kept and the others left as plain text
 * rather than guessing. Links past `maxLinks` stay plain text too (Telegram would ignore their tags). */
function usableSpans(spans: Span[], length: number, maxLinks: number): Span[] {
  const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= length);
  valid.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  let taken = 0;
  let links = 0;
  for (const s of valid) {
    if (s.start < taken) continue;
    taken = s.end;
    if (s.drop) out.push(s);
    else if (links < maxLinks) {
      out.push(s);
      links++;
    }
  }
  return out;
}

/** The post's text as pieces, entities linked; trailing space left by a dropped media link is trimmed. */
export function postPieces(post: XPost, maxLinks = Infinity): Piece[] {
  const cps = [...post.text];
  const pieces: Piece[] = [];
  const plain = (from: number, to: number) => {
    if (to > from) pieces.push({ text: cps.slice(from, to).join('') });
  };
  let at = 0;
  for (const s of usableSpans(spansOf(post), cps.length, maxLinks)) {
    plain(at, s.start);
    at = s.end;
    if (s.drop) continue;
    const text = s.display ?? cps.slice(s.start, s.end).join('');
    if (text) pieces.push({ text, href: s.href });
  }
  plain(at, cps.length);
  while (pieces.length) {
    const last = pieces[pieces.length - 1]!;
    if (last.href) break;
    const trimmed = last.text.trimEnd();
    if (trimmed) {
      pieces[pieces.length - 1] = { text: trimmed };
      break;
    }
    pieces.pop();
  }
  return pieces;
}

/** The pieces cut to `budget` UTF-16 units of visible text, ending with `…` when cut. A link cut in the
 * middle keeps its target (a shortened display is still the right link). */
export function fitPieces(pieces: Piece[], budget: number): Piece[] {
  const total = pieces.reduce((n, p) => n + p.text.length, 0);
  if (total <= budget) return pieces;
  if (budget < ELLIPSIS.length) return [];
  let room = budget - ELLIPSIS.length;
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.text.length <= room) {
      out.push(p);
      room -= p.text.length;
      continue;
    }
    const kept = cutToUnits(p.text, room).trimEnd();
    if (kept) out.push({ ...p, text: kept });
    break;
  }
  out.push({ text: ELLIPSIS });
  return out;
}

export const piecesHtml = (pieces: Piece[]): string =>
  pieces.map((p) => (p.href ? `<a href="${esc(p.href)}">${esc(p.text)}</a>` : esc(p.text))).join('');

/** The post's text as Telegram HTML, at most `budget` UTF-16 units visible and `maxLinks` links. */
export function postHtml(post: XPost, budget: number, maxLinks = Infinity): string {
  return piecesHtml(fitPieces(postPieces(post, maxLinks), budget));
}
