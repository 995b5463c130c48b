// Telegram's HTML parse_mode (the subset tdlib accepts), producing plain text + MessageEntity[]
// with UTF-16 offsets. Error texts follow tdlib's, prefixed by "can't parse entities: ".
import { badRequest } from './errors.js';
import type { MessageEntity } from './types.js';

const SUPPORTED = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins', 'tg-spoiler', 'tg-emoji', 'span', 'pre',
  'code', 'blockquote',
]);

interface Open { tag: string; offset: number; attrs: Map<string, string>; language?: string }

export interface Formatted { text: string; entities: MessageEntity[] }

const fail = (src: string, i: number, what: string): never => {
  throw badRequest(`can't parse entities: ${what.replace('%B', String(Buffer.byteLength(src.slice(0, i))))}`);
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Decodes an HTML character reference at s[i] ('&'); returns [char, length] or undefined. */
function entityAt(s: string, i: number): [string, number] | undefined {
  const m = /^&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/.exec(s.slice(i, i + 12));
  if (!m) return undefined;
  const name = m[1]!;
  if (NAMED[name]) return [NAMED[name], m[0].length];
  const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return [String.fromCodePoint(code), m[0].length];
}

function decode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const e = value[i] === '&' ? entityAt(value, i) : undefined;
    if (e) {
      out += e[0];
      i += e[1] - 1;
    } else out += value[i];
  }
  return out;
}

export function parseHtml(src: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '&') {
      const e = entityAt(src, i);
      text += e ? e[0] : '&';
      i += e ? e[1] : 1;
      continue;
    }
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const begin = i;
    if (src[i + 1] === '/') {
      i += 2;
      const nameStart = i;
      while (i < src.length && /[A-Za-z0-9-]/.test(src[i]!)) i++;
      const name = src.slice(nameStart, i).toLowerCase();
      while (i < src.length && /\s/.test(src[i]!)) i++;
      if (src[i] !== '>') fail(src, begin, 'Unclosed end tag at byte offset %B');
      i++;
      const open = stack.pop();
      if (!open) fail(src, begin, 'Unexpected end tag at byte offset %B');
      if (open!.tag !== name) {
        fail(src, begin, `Unmatched end tag at byte offset %B, expected "</${open!.tag}>", found "</${name}>"`);
      }
      close(open!, text.length, stack, entities);
      continue;
    }
    i++;
    const nameStart = i;
    while (i < src.length && !/[\s>]/.test(src[i]!)) i++;
    if (i >= src.length) fail(src, begin, 'Unclosed start tag at byte offset %B');
    const tag = src.slice(nameStart, i).toLowerCase();
    if (!SUPPORTED.has(tag)) fail(src, begin, `Unsupported start tag "${tag}" at byte offset %B`);
    const attrs = new Map<string, string>();
    for (;;) {
      while (i < src.length && /\s/.test(src[i]!)) i++;
      if (i >= src.length) fail(src, begin, 'Unclosed start tag at byte offset %B');
      if (src[i] === '>') {
        i++;
        break;
      }
      const attrStart = i;
      while (i < src.length && /[A-Za-z0-9-]/.test(src[i]!)) i++;
      const attr = src.slice(attrStart, i).toLowerCase();
      if (!attr) fail(src, i, `Empty attribute name in the tag "${tag}" at byte offset %B`);
      while (i < src.length && /\s/.test(src[i]!)) i++;
      if (src[i] !== '=') {
        if (tag === 'blockquote' && attr === 'expandable') {
          attrs.set(attr, '');
          continue;
        }
        fail(src, i, `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset %B`);
      }
      i++;
      while (i < src.length && /\s/.test(src[i]!)) i++;
      let value: string;
      const q = src[i];
      if (q === '"' || q === "'") {
        const end = src.indexOf(q, i + 1);
        if (end < 0) fail(src, begin, 'Unclosed start tag at byte offset %B');
        value = src.slice(i + 1, end);
        i = end + 1;
      } else {
        const vs = i;
        while (i < src.length && !/[\s>]/.test(src[i]!)) i++;
        value = src.slice(vs, i);
      }
      attrs.set(attr, decode(value));
    }
    if (tag === 'span' && attrs.get('class') !== 'tg-spoiler') {
      fail(src, begin, 'Tag "span" must have class "tg-spoiler" at byte offset %B');
    }
    if (tag === 'tg-emoji' && !/^[0-9]+$/.test(attrs.get('emoji-id') ?? '')) {
      fail(src, begin, 'Custom emoji entity must contain a tag "emoji-id" at byte offset %B');
    }
    stack.push({ tag, offset: text.length, attrs });
  }
  const unclosed = stack.at(-1);
  if (unclosed) fail(src, src.length, `Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text, entities: sortEntities(entities) };
}

const SIMPLE: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline', s: 'strikethrough',
  strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
};

function close(open: Open, end: number, stack: Open[], out: MessageEntity[]): void {
  const offset = open.offset;
  const length = end - offset;
  const parent = stack.at(-1);
  if (open.tag === 'code' && parent?.tag === 'pre' && parent.offset === offset) {
    const cls = open.attrs.get('class') ?? '';
    if (cls.startsWith('language-')) {
      parent.language = cls.slice('language-'.length);
      return;
    }
  }
  if (length === 0) return;
  const simple = SIMPLE[open.tag];
  if (simple) return void out.push({ type: simple, offset, length });
  switch (open.tag) {
    case 'code':
      return void out.push({ type: 'code', offset, length });
    case 'pre':
      return void out.push(open.language ? { type: 'pre', offset, length, language: open.language } : { type: 'pre', offset, length });
    case 'blockquote':
      return void out.push({ type: open.attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote', offset, length });
    case 'tg-emoji':
      return void out.push({ type: 'custom_emoji', offset, length, custom_emoji_id: open.attrs.get('emoji-id')! });
    case 'a': {
      const href = open.attrs.get('href');
      if (!href) return;
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (mention) return void out.push({ type: 'text_mention', offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: '' } });
      const url = normalizeUrl(href);
      if (url) out.push({ type: 'text_link', offset, length, url });
    }
  }
}

/** Like Telegram: adds a scheme and a "/" path to bare host URLs; returns undefined for non-URLs. */
export function normalizeUrl(href: string): string | undefined {
  let url = href.trim();
  if (/^tg:\/\//i.test(url)) return url;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `http://${url}`;
  try {
    const parsed = new URL(url);
    if (!/^(https?|ftp|tonsite):$/.test(parsed.protocol) || !parsed.hostname.includes('.')) return undefined;
    return /^[a-z]+:\/\/[^/?#]+$/i.test(url) ? `${url}/` : url;
  } catch {
    return undefined;
  }
}

export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** Telegram strips leading and trailing whitespace from message texts and shifts entities to match. */
export function trimFormatted(f: Formatted): Formatted {
  const lead = f.text.length - f.text.trimStart().length;
  const text = f.text.trim();
  const entities: MessageEntity[] = [];
  for (const e of f.entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset + e.length - lead);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}
