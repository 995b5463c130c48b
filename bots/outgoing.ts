import type { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Notifications, OutboxMessage } from '../services/notifications/index.js';
import type { Tx } from '../services/platform/database.js';
import type { ChatId } from '../services/platform/telegram-ids.js';

/** Inline buttons: grammY's builder or the plain markup a texts file returns. */
export type Buttons = InlineKeyboard | InlineKeyboardMarkup;

/** A message in Telegram HTML. */
export interface OutgoingText {
  text: string;
  /** Answer as a reply to the message that asked (groups), so the asker sees it is for them. */
  replyTo?: number;
  /** Send to this chat instead of the current one (e.g. a private chat with the asker). */
  chatId?: ChatId;
  buttons?: Buttons;
}

/** A file made in memory (a CSV): stored in the outbox row as text and uploaded when it is sent (see
 * services/notifications/inline-files.ts). The caption is Telegram HTML. */
export interface OutgoingDocument {
  document: { filename: string; text: string };
  caption?: string;
  chatId?: ChatId;
}

export type Outgoing = OutgoingText | OutgoingDocument;

/** What sending needs of the notifications service. */
export type Outbox = Pick<Notifications, 'enqueue' | 'enqueueNow' | 'enqueueMany' | 'enqueueManyNow'>;

/** The one place in bots/ that writes an outbox payload. */
export function outboxMessage(botId: number, chatId: ChatId, message: Outgoing): OutboxMessage {
  if ('document' in message) {
    return {
      botId,
      chatId,
      method: 'sendDocument',
      payload: { document: { inline: message.document }, ...(message.caption !== undefined ? { caption: message.caption, parse_mode: 'HTML' } : {}) },
    };
  }
  return {
    botId,
    chatId,
    method: 'sendMessage',
    payload: {
      text: message.text,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(message.buttons ? { reply_markup: message.buttons } : {}),
      ...(message.replyTo ? { reply_parameters: { message_id: message.replyTo, allow_sending_without_reply: true } } : {}),
    },
  };
}

/** Queues messages of one bot: in `tx` they commit with the change they report; without, at once (several
 * together in one statement, so none is queued without the others). `chatId` is where a message without
 * its own goes. */
export function queueMessages(outbox: Outbox, botId: number, chatId: ChatId | undefined, messages: readonly Outgoing[], tx?: Tx): Promise<string[]> {
  const rows = messages.map((m) => {
    const to = m.chatId ?? chatId;
    if (to === undefined) throw new Error('send: this update has no chat');
    return outboxMessage(botId, to, m);
  });
  if (tx) return outbox.enqueueMany(tx, rows);
  if (rows.length === 1) return outbox.enqueueNow(rows[0]!).then((id) => [id]);
  return outbox.enqueueManyNow(rows);
}
