// Entities Telegram finds by itself in any text: bot commands, @mentions, #hashtags, URLs.
import { sortEntities } from './html.js';
import type { MessageEntity } from './types.js';

const PATTERNS: Array<[string, RegExp]> = [
  ['bot_command', /(?<![\w/@])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])/g],
  ['mention', /(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])/g],
  ['hashtag', /(?<![\w#])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu],
  ['url', /(?<![\w@/])(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]'}]/gi],
];

/** Formatting that hides automatic entities (no command or link detection inside code). */
const OPAQUE = new Set(['code', 'pre', 'text_link', 'text_mention', 'url', 'mention', 'bot_command', 'custom_emoji']);

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
