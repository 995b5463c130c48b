// Methods that create, edit and delete messages.
import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import type { Core } from '../core.js';
import { badRequest } from '../errors.js';
import { type BotRecord, type ChatRecord } from '../state.js';
import type { Document, Message } from '../types.js';
import {
  CAPTION_LIMITS, TEXT_LIMITS, chatFor, fillMentions, findMessage, floodCheck, formatted, markup, replyTarget,
  type Handler,
} from './common.js';

/** Stores a message a bot sent, counts it and tells listeners (the sandbox console). */
export function postBotMessage(core: Core, bot: BotRecord, chat: ChatRecord, fields: Partial<Message>): Message {
  const stored = core.world.store(chat, bot.id, (id) => core.shape(chat, {
    message_id: id, from: core.world.userObj(bot.id), chat: core.world.chatObj(chat), date: core.world.nowSec(), ...fields,
  }), bot.id);
  core.countAccepted(chat.id);
  const message = structuredClone(stored.message);
  core.events.emit('bot-message', { botId: bot.id, chatId: chat.id, message });
  return message;
}

function checkCanSend(core: Core, bot: BotRecord, chat: ChatRecord, what: string): void {
  if (chat.type === 'channel' && !core.world.canSend(chat, bot.id)) throw badRequest('need administrator rights in the channel chat');
  if (chat.type !== 'private' && !core.world.canSend(chat, bot.id)) {
    throw badRequest(`not enough rights to send ${what} to the chat`);
  }
}

const sendMessage: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'send');
  const { text, entities } = formatted(p, 'text', 'parse_mode', 'entities', TEXT_LIMITS);
  const reply_markup = markup(p, chat);
  const reply_to_message = replyTarget(core, chat, p);
  checkCanSend(core, bot, chat, 'text messages');
  floodCheck(core, bot, chat, p);
  const fields: Partial<Message> = { text };
  if (entities.length) fields.entities = fillMentions(core, entities);
  if (reply_to_message) fields.reply_to_message = reply_to_message;
  if (reply_markup) fields.reply_markup = reply_markup;
  return postBotMessage(core, bot, chat, fields);
};

const MIME: Record<string, string> = {
  '.txt': 'text/plain', '.csv': 'text/csv', '.json': 'application/json', '.pdf': 'application/pdf',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.zip': 'application/zip',
  '.html': 'text/html', '.xml': 'application/xml', '.gz': 'application/gzip',
};

const sendDocument: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'send');
  const input = p.file('document');
  if (input === undefined) throw badRequest('there is no document in the request');
  let document: Document;
  if (typeof input === 'string') {
    const known = core.files.get(input);
    if (known) document = docOf(known);
    else if (/^https?:\/\//.test(input)) document = docOf(saveFile(core, { filename: decodeURIComponent(new URL(input).pathname.split('/').pop() || 'file'), contentType: 'application/octet-stream', data: Buffer.alloc(0) }));
    else throw badRequest('wrong file identifier/HTTP URL specified');
  } else document = docOf(saveFile(core, input));
  const caption = formatted(p, 'caption', 'parse_mode', 'caption_entities', CAPTION_LIMITS);
  const reply_markup = markup(p, chat);
  const reply_to_message = replyTarget(core, chat, p);
  checkCanSend(core, bot, chat, 'documents');
  floodCheck(core, bot, chat, p);
  const fields: Partial<Message> = { document };
  if (caption.text) fields.caption = caption.text;
  if (caption.entities.length) fields.caption_entities = fillMentions(core, caption.entities);
  if (reply_to_message) fields.reply_to_message = reply_to_message;
  if (reply_markup) fields.reply_markup = reply_markup;
  return postBotMessage(core, bot, chat, fields);
};

function saveFile(core: Core, f: { filename: string; contentType: string; data: Buffer }) {
  const fileId = `BQACAgIAAxkBAAI${randomBytes(30).toString('base64url')}`;
  const uniqueId = `AgAD${randomBytes(9).toString('base64url')}`;
  const ext = extname(f.filename).toLowerCase();
  const contentType = MIME[ext] ?? (f.contentType && f.contentType !== 'application/octet-stream' ? f.contentType : 'application/octet-stream');
  const stored = { ...f, contentType, fileId, uniqueId };
  core.files.set(fileId, stored);
  return stored;
}

function docOf(f: { filename: string; contentType: string; data: Buffer; fileId: string; uniqueId: string }): Document {
  return { file_name: f.filename, mime_type: f.contentType, file_id: f.fileId, file_unique_id: f.uniqueId, file_size: f.data.length };
}

const getFile: Handler = (core, _bot, p) => {
  const f = core.files.get(p.str('file_id') ?? '');
  if (!f) throw badRequest('invalid file_id');
  return { file_id: f.fileId, file_unique_id: f.uniqueId, file_size: f.data.length, file_path: `documents/${f.fileId}${extname(f.filename)}` };
};

/** The bot's own message to edit (editing in inline mode is not emulated). */
function editable(core: Core, bot: BotRecord, p: Params_) {
  if (p.has('inline_message_id')) throw badRequest('message to edit not found');
  const chat = chatFor(core, bot, p, 'send');
  const stored = findMessage(chat, p.int('message_id'), 'message to edit not found');
  if (stored.senderId !== bot.id) throw badRequest("message can't be edited");
  return { chat, stored };
}
type Params_ = Parameters<Handler>[2];

const NOT_MODIFIED = 'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function applyEdit(core: Core, bot: BotRecord, chat: ChatRecord, p: Params_, msg: Message, changes: Partial<Message>): Message | true {
  floodCheck(core, bot, chat, p);
  for (const [k, v] of Object.entries(changes) as Array<[keyof Message, unknown]>) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete msg[k];
    else (msg as unknown as Record<string, unknown>)[k] = v;
  }
  msg.edit_date = core.world.nowSec();
  const message = structuredClone(msg);
  core.events.emit('bot-edit', { botId: bot.id, chatId: chat.id, message });
  return message;
}

const editMessageText: Handler = (core, bot, p) => {
  const { chat, stored } = editable(core, bot, p);
  const msg = stored.message;
  if (msg.text === undefined) throw badRequest('there is no text in the message to edit');
  const { text, entities } = formatted(p, 'text', 'parse_mode', 'entities', TEXT_LIMITS);
  const reply_markup = markup(p, chat);
  const filled = fillMentions(core, entities);
  if (msg.text === text && same(msg.entities ?? [], filled) && same(msg.reply_markup, reply_markup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(core, bot, chat, p, msg, { text, entities: filled, reply_markup });
};

const editMessageCaption: Handler = (core, bot, p) => {
  const { chat, stored } = editable(core, bot, p);
  const msg = stored.message;
  if (msg.text !== undefined) throw badRequest('there is no caption in the message to edit');
  const { text, entities } = formatted(p, 'caption', 'parse_mode', 'caption_entities', CAPTION_LIMITS);
  const reply_markup = markup(p, chat);
  if ((msg.caption ?? '') === text && same(msg.caption_entities ?? [], entities) && same(msg.reply_markup, reply_markup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(core, bot, chat, p, msg, { caption: text || undefined, caption_entities: entities, reply_markup });
};

const editMessageReplyMarkup: Handler = (core, bot, p) => {
  const { chat, stored } = editable(core, bot, p);
  const reply_markup = markup(p, chat);
  if (same(stored.message.reply_markup, reply_markup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(core, bot, chat, p, stored.message, { reply_markup });
};

/** Who may delete what, as the deleteMessage docs list it; 48 hours at most, except for supergroup admins with
 * can_delete_messages (Telegram lets them clear old messages too). */
function deleteOne(core: Core, bot: BotRecord, chat: ChatRecord, id: number | undefined): void {
  const w = core.world;
  const stored = findMessage(chat, id, 'message to delete not found');
  const own = stored.senderId === bot.id;
  const canDelete = w.right(chat, bot.id, 'can_delete_messages');
  const allowed = chat.type === 'private' ? true
    : chat.type === 'group' ? own || w.isAdmin(chat, bot.id)
      : chat.type === 'supergroup' ? own || canDelete
        : canDelete || (own && w.right(chat, bot.id, 'can_post_messages'));
  if (!allowed) throw badRequest("message can't be deleted");
  if (w.nowSec() - stored.message.date > 48 * 3600 && !(chat.type === 'supergroup' && canDelete)) {
    throw badRequest("message can't be deleted");
  }
  stored.deleted = true;
  stored.deletedBy = bot.id;
  stored.pinned = false;
  chat.pinned = chat.pinned.filter((m) => m !== id);
  core.events.emit('bot-delete', { botId: bot.id, chatId: chat.id, messageId: id });
}

const deleteMessage: Handler = (core, bot, p) => {
  deleteOne(core, bot, chatFor(core, bot, p, 'read'), p.int('message_id'));
  return true;
};

const deleteMessages: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  const ids = p.json<number[]>('message_ids') ?? [];
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) throw badRequest('message_ids is empty');
  for (const id of ids) {
    try {
      deleteOne(core, bot, chat, Number(id));
    } catch {
      // Telegram skips messages it cannot delete here
    }
  }
  return true;
};

export const messageMethods: Record<string, Handler> = {
  sendMessage, sendDocument, getFile, editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage, deleteMessages,
};
