// Helpers shared by method handlers: finding the chat a bot talks about, checking rights,
// reading text + parse_mode, reply markup and reply targets the way Telegram validates them.
import type { Core } from '../core.js';
import { badRequest, forbidden, tooManyRequests } from '../errors.js';
import { detectEntities } from '../entities.js';
import { parseHtml, trimFormatted, type Formatted } from '../html.js';
import { parseMarkdownV2, parseMarkdownLegacy } from '../markdown.js';
import type { Params } from '../params.js';
import type { BotRecord, ChatRecord, StoredMessage } from '../state.js';
import type { AdminRights, InlineKeyboardMarkup, Message, MessageEntity } from '../types.js';

export type Handler = (core: Core, bot: BotRecord, p: Params) => unknown;

/** A result that Telegram sends with a description next to it (setWebhook, deleteWebhook). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

const kind = (chat: ChatRecord) => `${chat.type === 'private' ? 'group' : chat.type} chat`;

/**
 * The chat behind chat_id, as this bot may use it. `send`: the bot wants to post there, so private
 * chats need a user who started the bot and did not block it.
 */
export function chatFor(core: Core, bot: BotRecord, p: Params, purpose: 'send' | 'read' | 'lookup', name = 'chat_id'): ChatRecord {
  const w = core.world;
  const raw = p.chatId(name);
  let chat: ChatRecord | undefined;
  if (typeof raw === 'string') {
    chat = [...w.groups.values()].find((g) => g.username?.toLowerCase() === raw.slice(1).toLowerCase());
    if (!chat) throw badRequest('chat not found');
  } else if (raw < 0) {
    chat = w.groups.get(raw);
    if (!chat) throw badRequest('chat not found');
  } else {
    if (w.bots.has(raw)) {
      if (purpose === 'send') throw forbidden("bot can't send messages to bots");
      throw badRequest('chat not found');
    }
    if (!w.users.has(raw)) throw badRequest('chat not found');
    chat = w.privateChat(bot.id, raw, false);
    if (!chat || !chat.started) {
      if (purpose === 'send') throw forbidden("bot can't initiate conversation with a user");
      throw badRequest('chat not found');
    }
    if (chat.blocked && purpose === 'send') throw forbidden('bot was blocked by the user');
    return chat;
  }
  if (chat.migratedTo !== undefined) {
    throw badRequest('group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
  }
  if (purpose === 'lookup') return chat; // the caller checks membership itself
  const status = w.member(chat, bot.id).status;
  if (status === 'kicked') throw forbidden(`bot was kicked from the ${kind(chat)}`);
  if (status === 'left' || (status === 'restricted' && w.member(chat, bot.id).isMember === false)) {
    throw forbidden(`bot is not a member of the ${kind(chat)}`);
  }
  return chat;
}

export function requireRight(core: Core, chat: ChatRecord, bot: BotRecord, right: keyof AdminRights, what: string): void {
  if (chat.type !== 'private' && !core.world.right(chat, bot.id, right)) throw badRequest(what);
}

/** Applies flood control for a message-creating call, counted when the request arrived. */
export function floodCheck(core: Core, bot: BotRecord, chat: ChatRecord, p: Params): void {
  const wait = core.flood.take(bot.id, chat.id, chat.type !== 'private', p.receivedAt);
  if (wait > 0) throw tooManyRequests(wait);
}

/** Text plus parse_mode/entities into final text and entities; throws Telegram's errors. */
export function formatted(
  p: Params, textName: string, modeName: string, entitiesName: string, limits: { max: number; empty?: string; long: string },
): Formatted {
  const raw = p.str(textName) ?? '';
  const mode = (p.str(modeName) ?? '').toLowerCase();
  let f: Formatted;
  if (mode === 'html') f = parseHtml(raw);
  else if (mode === 'markdownv2') f = parseMarkdownV2(raw);
  else if (mode === 'markdown') f = parseMarkdownLegacy(raw);
  else if (mode === '') f = { text: raw, entities: p.json<MessageEntity[]>(entitiesName, 'entities JSON object') ?? [] };
  else throw badRequest('unsupported parse_mode');
  f = trimFormatted(f);
  if (f.text.length === 0 && limits.empty) throw badRequest(limits.empty);
  if (f.text.length > limits.max) throw badRequest(limits.long);
  return { text: f.text, entities: detectEntities(f.text, f.entities) };
}

export const TEXT_LIMITS = { max: 4096, empty: 'message text is empty', long: 'message is too long' };
export const CAPTION_LIMITS = { max: 1024, long: 'message caption is too long' };

/** reply_markup: validates inline keyboards; returns the inline keyboard a Message would carry. */
/** Telegram opens Mini Apps over HTTPS only, and refuses anything else in a web_app button. */
export function checkWebAppUrl(url: unknown): void {
  let parsed: URL | null = null;
  try {
    parsed = typeof url === 'string' ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.protocol !== 'https:') throw badRequest(`inline keyboard button Web App URL '${String(url)}' is invalid: Only HTTPS links are allowed`);
}

/** The inline keyboard of a message to `chat`: web_app buttons are for private chats only (a group gets
 * BUTTON_TYPE_INVALID, as from Telegram; groups use t.me links with startapp instead). */
export function markup(p: Params, chat?: Pick<ChatRecord, 'type'>): InlineKeyboardMarkup | undefined {
  const m = p.json<Record<string, unknown>>('reply_markup', 'reply keyboard markup JSON object');
  if (!m || typeof m !== 'object') return undefined;
  if (!('inline_keyboard' in m)) return undefined; // reply keyboards, remove, force_reply: not shown on the message
  const rows = m.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) {
    throw badRequest("can't parse inline keyboard button: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays");
  }
  for (const row of rows as unknown[][]) {
    for (const b of row) {
      const button = b as Record<string, unknown>;
      if (typeof button?.text !== 'string') throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
      if ('web_app' in button) {
        if (chat && chat.type !== 'private') throw badRequest('BUTTON_TYPE_INVALID');
        checkWebAppUrl((button.web_app as { url?: unknown } | null)?.url);
      } else if ('callback_data' in button) {
        const data = button.callback_data;
        const bytes = typeof data === 'string' ? Buffer.byteLength(data) : 0;
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      } else if (!['url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
        'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'].some((k) => k in button)) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
    }
  }
  const kept = (rows as InlineKeyboardMarkup['inline_keyboard']).filter((r) => r.length > 0);
  return kept.length ? { inline_keyboard: kept } : undefined;
}

/** reply_to_message_id / reply_parameters: the message replied to, as a Message carries it. */
export function replyTarget(core: Core, chat: ChatRecord, p: Params): Message | undefined {
  const params = p.json<{ message_id?: number; allow_sending_without_reply?: boolean }>('reply_parameters');
  const id = params?.message_id ?? p.int('reply_to_message_id');
  if (id === undefined) return undefined;
  const target = chat.messages.get(Number(id));
  if (!target || target.deleted) {
    if (params?.allow_sending_without_reply || p.bool('allow_sending_without_reply')) return undefined;
    throw badRequest('message to be replied not found');
  }
  return nested(target);
}

/** A message as it appears inside another (reply_to_message, pinned_message): one level deep. */
export function nested(stored: StoredMessage): Message {
  const copy = structuredClone(stored.message);
  delete copy.reply_to_message;
  delete copy.pinned_message;
  return copy;
}

/** Fills text_mention users from the world (Telegram sends the full User). */
export function fillMentions(core: Core, entities: MessageEntity[]): MessageEntity[] {
  return entities.flatMap((e) => {
    if (e.type !== 'text_mention') return [e];
    const id = e.user?.id;
    if (id === undefined || !(core.world.users.has(id) || core.world.bots.has(id))) return [];
    return [{ ...e, user: core.world.userObj(id) }];
  });
}

export function findMessage(chat: ChatRecord, id: number | undefined, missing: string): StoredMessage {
  const m = id === undefined ? undefined : chat.messages.get(id);
  if (!m || m.deleted) throw badRequest(missing);
  return m;
}
