// Shared state of one emulator instance, and how events in chats turn into bot updates.
import { EventEmitter } from 'node:events';
import { FaultInjector } from './faults.js';
import { FloodControl } from './flood.js';
import { leadingCommand } from './entities.js';
import { IN_CHAT, World, memberShape, type ChatRecord, type Member, type StoredMessage } from './state.js';
import type { Message } from './types.js';
import { UpdateQueue, type QueueOptions } from './updates.js';
import type { UploadedFile } from './params.js';

export interface Stats {
  /** requests[botId][method] = calls received (any outcome). */
  requests: Record<number, Record<string, number>>;
  /** messagesAccepted[chatId] = messages bots created there (private chats under the user's id). */
  messagesAccepted: Record<number, number>;
  /** 429 replies, all bots together and per bot. */
  tooManyRequests: number;
  tooManyRequestsByBot: Record<number, number>;
}

export interface CallbackRecord {
  id: string;
  botId: number;
  created: number;
  answered: boolean;
  answer?: { text?: string; show_alert?: boolean; url?: string; cache_time?: number };
  onAnswer: Array<() => void>;
}

export interface StoredFile extends UploadedFile { fileId: string; uniqueId: string }

/** How long a callback query can be answered (Telegram answers "query is too old" after a while). */
export const CALLBACK_TTL_MS = 15 * 60 * 1000;

export class Core {
  readonly world: World;
  readonly flood = new FloodControl();
  readonly faults = new FaultInjector();
  readonly events = new EventEmitter();
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly files = new Map<string, StoredFile>();
  stats: Stats = { requests: {}, messagesAccepted: {}, tooManyRequests: 0, tooManyRequestsByBot: {} };
  /** Set by the server: performs a method call a webhook answered with. */
  webhookReply?: (botId: number, method: string, params: Record<string, unknown>) => void;

  constructor(queueOpts: Omit<QueueOptions, 'onWebhookReply'>) {
    this.world = new World(
      (botId) => new UpdateQueue({ ...queueOpts, onWebhookReply: (m, p) => this.webhookReply?.(botId, m, p) }),
    );
  }

  /** Sends a chat message (from a person, or a service message) to the bots that may see it. */
  announce(chat: ChatRecord, stored: StoredMessage, kind: 'message' | 'edited_message' = 'message', service = false): void {
    const msg = stored.message;
    const senderIsBot = this.world.bots.has(stored.senderId);
    if (chat.type === 'private') {
      if (!senderIsBot && !chat.blocked) this.world.bots.get(chat.botId!)?.updates.push(kind, structuredClone(msg));
      return;
    }
    if (chat.type === 'channel') {
      // Channel posts go to the channel's admin bots as channel_post / edited_channel_post.
      const type = kind === 'message' ? 'channel_post' : 'edited_channel_post';
      for (const id of chat.members.keys()) {
        const bot = this.world.bots.get(id);
        if (bot && id !== stored.senderId && this.world.isAdmin(chat, id)) bot.updates.push(type, structuredClone(msg));
      }
      return;
    }
    for (const id of chat.members.keys()) {
      const bot = this.world.bots.get(id);
      if (!bot || id === stored.senderId) continue;
      const m = this.world.member(chat, id);
      if (!IN_CHAT.has(m.status) || m.isMember === false) continue;
      if (senderIsBot && !service) continue; // bots never see other bots' messages
      if (service || !bot.privacyMode || this.world.isAdmin(chat, id) || this.addressedTo(msg, bot.id, bot.username)) {
        bot.updates.push(kind, structuredClone(msg));
      }
    }
  }

  /** Privacy mode: commands for this bot, replies to its messages, mentions of it. */
  private addressedTo(msg: Message, botId: number, username: string): boolean {
    const text = msg.text ?? msg.caption ?? '';
    const entities = msg.entities ?? msg.caption_entities ?? [];
    const cmd = leadingCommand(text.split(/\s/)[0]);
    if (cmd && (!cmd.target || cmd.target.toLowerCase() === username.toLowerCase())) return true;
    if (msg.reply_to_message?.from?.id === botId) return true;
    return entities.some((e) => {
      const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
      if (e.type === 'mention') return part === `@${username.toLowerCase()}`;
      if (e.type === 'bot_command') return part.endsWith(`@${username.toLowerCase()}`);
      return e.type === 'text_mention' && e.user?.id === botId;
    });
  }

  /** Changes someone's membership and sends my_chat_member / chat_member updates as Telegram does. */
  setMember(chat: ChatRecord, targetId: number, byId: number, next: Member): void {
    const w = this.world;
    const before = w.member(chat, targetId);
    chat.members.set(targetId, next);
    const base = { chat: w.chatObj(chat), from: w.userObj(byId), date: this.world.nowSec() };
    const bot = w.bots.get(targetId);
    if (bot) {
      bot.updates.push('my_chat_member', {
        ...base,
        old_chat_member: memberShape(w.userObj(targetId), before, chat, targetId),
        new_chat_member: w.memberObj(chat, targetId, targetId),
      });
    }
    for (const [id, m] of chat.members) {
      const watcher = w.bots.get(id);
      if (!watcher || id === targetId || !(m.status === 'creator' || m.status === 'administrator')) continue;
      watcher.updates.push('chat_member', {
        ...base,
        old_chat_member: memberShape(w.userObj(targetId), before, chat, id),
        new_chat_member: w.memberObj(chat, targetId, id),
      });
    }
  }

  /** Stores and announces a service message (joins, leaves, pins, migrations). */
  service(chat: ChatRecord, fromId: number, fields: Partial<Message>): StoredMessage {
    const stored = this.world.store(chat, fromId, (id) => this.shape(chat, {
      message_id: id, from: this.world.userObj(fromId), date: this.world.nowSec(), chat: this.world.chatObj(chat), ...fields,
    }));
    this.announce(chat, stored, 'message', true);
    return stored;
  }

  /** Messages in channels come from the channel: `sender_chat` set, no `from`. */
  shape(chat: ChatRecord, msg: Message): Message {
    if (chat.type !== 'channel') return msg;
    delete msg.from;
    msg.sender_chat = this.world.chatObj(chat);
    return msg;
  }

  countRequest(botId: number, method: string): void {
    const perBot = (this.stats.requests[botId] ??= {});
    perBot[method] = (perBot[method] ?? 0) + 1;
  }

  countAccepted(chatId: number): void {
    this.stats.messagesAccepted[chatId] = (this.stats.messagesAccepted[chatId] ?? 0) + 1;
  }

  count429(botId: number): void {
    this.stats.tooManyRequests++;
    this.stats.tooManyRequestsByBot[botId] = (this.stats.tooManyRequestsByBot[botId] ?? 0) + 1;
  }
}
