// Driver, part 2: people writing, pressing buttons, and reading what chats show.
import { createHash, randomInt } from 'node:crypto';
import type { CallbackRecord } from './core.js';
import { detectEntities } from './entities.js';
import { DriverError } from './errors.js';
import { nested } from './methods/common.js';
import { webhookInfo } from './methods/bot.js';
import { DriverChannels } from './driver-channels.js';
import type { ChatRef } from './driver-members.js';
import { type ChatRecord, type StoredMessage } from './state.js';
import type { Message, MessageEntity } from './types.js';

/** A message as the chat shows it now. */
export type ChatMessage = Message & { pinned: boolean; edited: boolean };

export interface ChatDetails {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  permissions: ChatRecord['permissions'];
  pinnedMessageIds: number[];
  admins: Array<{ id: number; status: 'creator' | 'administrator'; rights?: Record<string, boolean> }>;
  members: Array<{ id: number; status: string; isBot: boolean }>;
  migratedTo?: number;
  migratedFrom?: number;
  blocked?: boolean;
}

export interface ButtonPress {
  callbackQueryId: string;
  answer?: { text?: string; show_alert?: boolean; url?: string };
}

export class Driver extends DriverChannels {
  private queryCounter = 0;

  /** The user opens the bot and sends "/start [payload]" (unblocking it if it was blocked). */
  async startBot(userId: number, botId: number, payload?: string): Promise<Message> {
    const chat = this.privateFor(userId, botId);
    if (chat.blocked) {
      chat.blocked = false;
      this.core.setMember(chat, botId, userId, { status: 'member' });
    }
    chat.started = true;
    return this.post(chat, userId, payload ? `/start ${payload}` : '/start');
  }

  blockBot(userId: number, botId: number): void {
    const chat = this.privateFor(userId, botId);
    if (chat.blocked) return;
    chat.blocked = true;
    this.core.setMember(chat, botId, userId, { status: 'kicked' });
  }

  /**
   * The user writes in a chat: a group id, or a bot's id for the private chat with it. Entities
   * (commands, mentions, hashtags, URLs) are computed like Telegram does.
   */
  sendMessage(userId: number, chatId: number, text: string, opts: { replyToMessageId?: number; entities?: MessageEntity[] } = {}): Message {
    this.person(userId);
    let chat: ChatRecord;
    if (this.core.world.bots.has(chatId)) {
      chat = this.privateFor(userId, chatId);
      if (chat.blocked) throw new DriverError(403, `user ${userId} blocked this bot; startBot() unblocks it`);
      chat.started = true;
    } else {
      chat = this.group(chatId);
      if (!this.core.world.canSend(chat, userId)) {
        throw new DriverError(403, `CHAT_WRITE_FORBIDDEN: user ${userId} can't send messages to chat ${chatId}`);
      }
    }
    return this.post(chat, userId, text, opts);
  }

  /** The user edits their own text message; bots get an edited_message update. */
  editMessage(userId: number, chatRef: ChatRef, messageId: number, text: string): Message {
    const chat = this.resolve(chatRef, userId);
    const stored = chat.messages.get(messageId);
    if (!stored || stored.deleted || stored.senderId !== userId || stored.message.text === undefined) {
      throw new DriverError(400, `user ${userId} has no text message ${messageId} in chat ${chat.id}`);
    }
    stored.message.text = text;
    const entities = detectEntities(text);
    if (entities.length) stored.message.entities = entities;
    else delete stored.message.entities;
    stored.message.edit_date = this.core.world.nowSec();
    this.core.announce(chat, stored, 'edited_message');
    return structuredClone(stored.message);
  }

  /** The user presses an inline button; waits (up to timeoutMs) for the bot's answerCallbackQuery.
   * `unchecked` delivers data that no button of the message carries: Telegram's apps cannot send that, so
   * it stands for a crafted update, for tests that show a bot does not trust callback_data. */
  async pressButton(
    userId: number,
    chatRef: ChatRef,
    messageId: number,
    callbackData: string,
    opts: { timeoutMs?: number; unchecked?: boolean } = {},
  ): Promise<ButtonPress> {
    const chat = this.resolve(chatRef, userId);
    const stored = chat.messages.get(messageId);
    if (!stored || stored.deleted || stored.botId === undefined) throw new DriverError(400, `no bot message ${messageId} in chat ${chat.id}`);
    const buttons = stored.message.reply_markup?.inline_keyboard.flat() ?? [];
    if (!opts.unchecked && !buttons.some((b) => b.callback_data === callbackData)) {
      throw new DriverError(400, `message ${messageId} has no button with callback_data ${JSON.stringify(callbackData)}`);
    }
    const bot = this.core.world.bots.get(stored.botId)!;
    const id = `${BigInt(bot.id) * 1000000n + BigInt(randomInt(1_000_000))}${++this.queryCounter}`;
    const record: CallbackRecord = { id, botId: bot.id, created: this.core.world.clock.nowMs(), answered: false, onAnswer: [] };
    this.core.callbacks.set(id, record);
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, opts.timeoutMs ?? 2000);
      record.onAnswer.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    const chatInstance = BigInt(`0x${createHash('sha256').update(`${bot.id}:${chat.id}`).digest('hex').slice(0, 15)}`).toString();
    bot.updates.push('callback_query', {
      id, from: this.core.world.userObj(userId), message: structuredClone(stored.message), chat_instance: chatInstance, data: callbackData,
    });
    await answered;
    return record.answer ? { callbackQueryId: id, answer: record.answer } : { callbackQueryId: id };
  }

  /** What the chat shows now, oldest first; deleted messages excluded. */
  messages(chatRef: ChatRef, opts: { limit?: number; fromBotsOnly?: boolean } = {}): ChatMessage[] {
    const chat = this.resolve(chatRef);
    let list = [...chat.messages.values()].filter((m) => !m.deleted);
    if (opts.fromBotsOnly) list = list.filter((m) => m.botId !== undefined || this.core.world.bots.has(m.senderId));
    if (opts.limit) list = list.slice(-opts.limit);
    return list.map(view);
  }

  /** Whether a bot deleted this message (throws for an id the chat never had, so a typo can't pass). */
  isDeleted(chatRef: ChatRef, messageId: number): boolean {
    const chat = this.resolve(chatRef);
    const stored = chat.messages.get(messageId);
    if (!stored) throw new DriverError(400, `chat ${chat.id} has no message ${messageId}`);
    return stored.deleted;
  }

  /** Messages bots deleted in the chat, oldest first, with the deleting bot's id. */
  deleted(chatRef: ChatRef): Array<ChatMessage & { deletedBy?: number }> {
    const chat = this.resolve(chatRef);
    return [...chat.messages.values()].filter((m) => m.deleted).map((m) => ({ ...view(m), deletedBy: m.deletedBy }));
  }

  /** Resolves once a bot deleted the message (at once if it is gone already); rejects after timeoutMs. */
  waitForDeletion(chatRef: ChatRef, messageId: number, timeoutMs = 2000): Promise<void> {
    if (this.isDeleted(chatRef, messageId)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.isDeleted(chatRef, messageId)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waitForDeletion: message ${messageId} was not deleted within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.core.events.off('bot-delete', check);
      };
      this.core.events.on('bot-delete', check);
    });
  }

  chat(chatRef: ChatRef): ChatDetails {
    const chat = this.resolve(chatRef);
    const w = this.core.world;
    const details: ChatDetails = {
      id: chat.id, type: chat.type, permissions: { ...chat.permissions }, pinnedMessageIds: [...chat.pinned],
      admins: [], members: [],
    };
    if (chat.title !== undefined) details.title = chat.title;
    w.settle(chat);
    for (const [id, m] of chat.members) {
      details.members.push({ id, status: m.status, isBot: w.bots.has(id) });
      if (m.status === 'creator') details.admins.push({ id, status: 'creator' });
      if (m.status === 'administrator') details.admins.push({ id, status: 'administrator', rights: { ...m.rights } as Record<string, boolean> });
    }
    if (chat.migratedTo !== undefined) details.migratedTo = chat.migratedTo;
    if (chat.migratedFrom !== undefined) details.migratedFrom = chat.migratedFrom;
    if (chat.type === 'private') details.blocked = chat.blocked;
    return details;
  }

  /**
   * Resolves with the first bot message in the chat matching `predicate`: one already there (newer
   * than afterMessageId, if given) or the next one sent or edited. Rejects after timeoutMs.
   */
  waitForMessage(chatRef: ChatRef, predicate: (m: ChatMessage) => boolean = () => true, timeoutMs = 2000,
    opts: { afterMessageId?: number } = {}): Promise<ChatMessage> {
    const chat = this.resolve(chatRef);
    const after = opts.afterMessageId ?? 0;
    const match = () => [...chat.messages.values()].find((m) =>
      !m.deleted && m.botId !== undefined && m.message.message_id > after && predicate(view(m)));
    const found = match();
    if (found) return Promise.resolve(view(found));
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = match();
        if (!m) return;
        cleanup();
        resolve(view(m));
      };
      const timer = setTimeout(() => {
        cleanup();
        const last = this.messages(chatRef, { limit: 5 }).map((m) => m.text ?? m.caption ?? '[service]');
        reject(new Error(`waitForMessage: no matching bot message in chat ${chat.id} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.core.events.off('bot-message', check);
        this.core.events.off('bot-edit', check);
      };
      this.core.events.on('bot-message', check);
      this.core.events.on('bot-edit', check);
    });
  }

  stats() {
    return structuredClone(this.core.stats);
  }

  resetStats(): void {
    this.core.stats = { requests: {}, messagesAccepted: {}, tooManyRequests: 0, tooManyRequestsByBot: {} };
  }

  /** The menu button a person sees in the bot's private chat (the chat's own, else the bot's default). */
  menuButton(botId: number, chatId?: number): Record<string, unknown> {
    const bot = this.core.world.bots.get(botId);
    if (!bot) throw new DriverError(400, `no bot ${botId}`);
    const button = (chatId !== undefined ? bot.menuButton.get(chatId) : undefined) ?? bot.menuButton.get(0);
    return structuredClone((button as Record<string, unknown> | undefined) ?? { type: 'commands' });
  }

  webhookInfo(botId: number): Record<string, unknown> {
    const bot = this.core.world.bots.get(botId);
    if (!bot) throw new DriverError(400, `no bot ${botId}`);
    return webhookInfo(bot);
  }

  protected post(chat: ChatRecord, userId: number, text: string, opts: { replyToMessageId?: number; entities?: MessageEntity[] } = {}): Message {
    if (text.trim() === '') throw new DriverError(400, 'message text is empty');
    const entities = detectEntities(text, opts.entities ?? []);
    const target = opts.replyToMessageId === undefined ? undefined : chat.messages.get(opts.replyToMessageId);
    if (opts.replyToMessageId !== undefined && (!target || target.deleted)) throw new DriverError(400, 'message to be replied not found');
    const stored = this.core.world.store(chat, userId, (id) => {
      const msg: Message = { message_id: id, from: this.core.world.userObj(userId), chat: this.core.world.chatObj(chat), date: this.core.world.nowSec(), text };
      if (target) msg.reply_to_message = nested(target);
      if (entities.length) msg.entities = entities;
      return this.core.shape(chat, msg);
    });
    this.core.events.emit('user-message', { userId, chatId: chat.id, message: structuredClone(stored.message) });
    this.core.announce(chat, stored);
    return structuredClone(stored.message);
  }

  protected privateFor(userId: number, botId: number): ChatRecord {
    this.person(userId);
    if (!this.core.world.bots.has(botId)) throw new DriverError(400, `no bot ${botId}`);
    return this.core.world.privateChat(botId, userId, true)!;
  }

  /** A chat by reference: a group id, {userId, botId}, or a bot/user id naming a single private chat. */
  protected resolve(ref: ChatRef, userId?: number): ChatRecord {
    const w = this.core.world;
    if (typeof ref === 'object') return this.privateFor(ref.userId, ref.botId);
    if (ref < 0) {
      const chat = w.groups.get(ref);
      if (!chat) throw new DriverError(400, `no group ${ref}`);
      return chat;
    }
    if (userId !== undefined && w.bots.has(ref)) return this.privateFor(userId, ref);
    const candidates = [...w.privates.values()].filter((c) => c.botId === ref || c.userId === ref);
    if (candidates.length === 1) return candidates[0]!;
    throw new DriverError(400, candidates.length ? `chat ${ref} is ambiguous: pass { userId, botId }` : `no chat ${ref}`);
  }
}

function view(m: StoredMessage): ChatMessage {
  return { ...structuredClone(m.message), pinned: m.pinned, edited: m.message.edit_date !== undefined };
}
