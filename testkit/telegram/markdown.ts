// MarkdownV2 and legacy Markdown parse modes (tdlib's rules, simplified: see README).
import { badRequest } from './errors.js';
import { normalizeUrl, sortEntities, type Formatted } from './html.js';
import type { MessageEntity } from './types.js';

const byteAt = (s: string, i: number) => Buffer.byteLength(s.slice(0, i));
const fail = (what: string): never => {
  throw badRequest(`can't parse entities: ${what}`);
};

const NAMES: Record<string, string> = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough', spoiler: 'Spoiler',
  code: 'Code', pre: 'Pre', text_link: 'TextUrl', custom_emoji: 'CustomEmoji',
};
const RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));

interface Open { type: string; offset: number; byte: number; language?: string }

export function parseMarkdownV2(src: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let quoteStart = -1;
  const endQuote = () => {
    if (quoteStart >= 0 && text.length > quoteStart) entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart });
    quoteStart = -1;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const top = stack.at(-1);
    const lineStart = i === 0 || src[i - 1] === '\n';
    if (c === '\\' && i + 1 < src.length && src.charCodeAt(i + 1) <= 126) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (top && (top.type === 'code' || top.type === 'pre')) {
      const closer = top.type === 'pre' ? '```' : '`';
      if (src.startsWith(closer, i)) {
        stack.pop();
        if (text.length > top.offset) {
          entities.push(top.language ? { type: 'pre', offset: top.offset, length: text.length - top.offset, language: top.language }
            : { type: top.type, offset: top.offset, length: text.length - top.offset });
        }
        i += closer.length;
      } else {
        text += c;
        i++;
      }
      continue;
    }
    if (lineStart && stack.length === 0) {
      if (c === '>' || src.startsWith('**>', i)) {
        if (quoteStart < 0) quoteStart = text.length;
        i += c === '>' ? 1 : 3;
        continue;
      }
      endQuote();
    }
    const toggle = (type: string, len: number) => {
      if (top?.type === type) {
        stack.pop();
        if (text.length > top.offset) entities.push({ type, offset: top.offset, length: text.length - top.offset });
      } else stack.push({ type, offset: text.length, byte: byteAt(src, i) });
      i += len;
    };
    if (c === '*') toggle('bold', 1);
    else if (c === '_' && src[i + 1] === '_') toggle('underline', 2);
    else if (c === '_') toggle('italic', 1);
    else if (c === '~') toggle('strikethrough', 1);
    else if (c === '|' && src[i + 1] === '|') toggle('spoiler', 2);
    else if (c === '`' && src.startsWith('```', i)) {
      const nl = src.indexOf('\n', i + 3);
      const firstLine = nl < 0 ? '' : src.slice(i + 3, nl);
      const language = /^[A-Za-z0-9_+#.-]+$/.test(firstLine) ? firstLine : undefined;
      stack.push({ type: 'pre', offset: text.length, byte: byteAt(src, i), language });
      i = language !== undefined || firstLine === '' ? (nl < 0 ? i + 3 : nl + 1) : i + 3;
    } else if (c === '`') {
      stack.push({ type: 'code', offset: text.length, byte: byteAt(src, i) });
      i++;
    } else if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      stack.push({ type: c === '!' ? 'custom_emoji' : 'text_link', offset: text.length, byte: byteAt(src, i) });
      i += c === '!' ? 2 : 1;
    } else if (c === ']' && (top?.type === 'text_link' || top?.type === 'custom_emoji')) {
      stack.pop();
      i++;
      let url = '';
      if (src[i] === '(') {
        i++;
        while (i < src.length && src[i] !== ')') {
          if (src[i] === '\\' && i + 1 < src.length) i++;
          url += src[i++];
        }
        if (i >= src.length) fail(`Can't find end of a url at byte offset ${top.byte}`);
        i++;
      }
      const length = text.length - top.offset;
      if (top.type === 'custom_emoji') {
        const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url);
        if (!id) fail(`Custom emoji entity must contain a tg://emoji URL at byte offset ${top.byte}`);
        entities.push({ type: 'custom_emoji', offset: top.offset, length, custom_emoji_id: id![1]! });
      } else if (length > 0) {
        const normalized = normalizeUrl(url);
        if (normalized) entities.push({ type: 'text_link', offset: top.offset, length, url: normalized });
      }
    } else if (RESERVED.has(c)) {
      fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    } else {
      if (c === '\n' && quoteStart >= 0 && src[i + 1] !== '>') {
        endQuote();
        text += c;
        i++;
        continue;
      }
      text += c;
      i++;
    }
  }
  endQuote();
  const open = stack.at(-1);
  if (open) fail(`Can't find end of ${NAMES[open.type] ?? open.type} entity at byte offset ${open.byte}`);
  return { text, entities: sortEntities(entities) };
}

/** Legacy "Markdown": *bold*, _italic_, `code`, ```pre```, [text](url); no nesting. */
export function parseMarkdownLegacy(src: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length && '_*`['.includes(src[i + 1]!)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (!'_*`['.includes(c)) {
      text += c;
      i++;
      continue;
    }
    const begin = byteAt(src, i);
    const end = (marker: string, from: number) => {
      const at = src.indexOf(marker, from);
      if (at < 0) fail(`Can't find end of the entity starting at byte offset ${begin}`);
      return at;
    };
    const offset = text.length;
    if (src.startsWith('```', i)) {
      const close = end('```', i + 3);
      let body = src.slice(i + 3, close);
      const nl = body.indexOf('\n');
      const language = nl > 0 && /^[A-Za-z0-9_+#.-]+$/.test(body.slice(0, nl)) ? body.slice(0, nl) : undefined;
      if (language) body = body.slice(nl + 1);
      text += body;
      if (body) entities.push(language ? { type: 'pre', offset, length: body.length, language } : { type: 'pre', offset, length: body.length });
      i = close + 3;
    } else if (c === '[') {
      const close = end(']', i + 1);
      const label = src.slice(i + 1, close);
      let url = '';
      i = close + 1;
      if (src[i] === '(') {
        const paren = end(')', i);
        url = src.slice(i + 1, paren);
        i = paren + 1;
      }
      text += label;
      const normalized = normalizeUrl(url);
      if (label && normalized) entities.push({ type: 'text_link', offset, length: label.length, url: normalized });
    } else {
      const close = end(c, i + 1);
      const body = src.slice(i + 1, close);
      text += body;
      const type = c === '*' ? 'bold' : c === '_' ? 'italic' : 'code';
      if (body) entities.push({ type, offset, length: body.length });
      i = close + 1;
    }
  }
  return { text, entities: sortEntities(entities) };
}
