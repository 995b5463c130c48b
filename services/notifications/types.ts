import type { Api, RawApi } from 'grammy';
import type { ChatId } from '../platform/telegram-ids.js';

/** The Bot API methods the outbox sends. Each takes a `chat_id`, which the outbox fills in from the row. */
export type OutboxMethod =
  | 'sendMessage'
  | 'sendPhoto'
  | 'sendDocument'
  | 'sendAnimation'
  | 'sendVideo'
  | 'sendMediaGroup'
  | 'sendPoll'
  | 'forwardMessage'
  | 'copyMessage'
  | 'editMessageText'
  | 'editMessageCaption'
  | 'editMessageReplyMarkup'
  | 'deleteMessage'
  | 'pinChatMessage'
  | 'unpinChatMessage';

/** A small file made by the platform (a CSV report), stored in the row and uploaded when sent. */
export interface InlineDocument {
  inline: { filename: string; text: string };
}

/** The method's parameters minus `chat_id`. Stored as JSON, so files go by file_id or URL, or for
 * sendDocument as an InlineDocument (uploaded as multipart at send time). */
export type OutboxPayload<M extends OutboxMethod> = M extends 'sendDocument'
  ? Omit<Parameters<RawApi[M]>[0], 'chat_id' | 'document'> & { document: string | InlineDocument }
  : Omit<Parameters<RawApi[M]>[0], 'chat_id'>;

export type OutboxMessage = {
  [M in OutboxMethod]: {
    botId: number;
    chatId: ChatId;
    method: M;
    payload: OutboxPayload<M>;
    /** Unique per bot: enqueueing the same key twice stores one message (and returns the first one's id). */
    dedupeKey?: string;
    /** Which of a chat's pending messages goes next, and which waiting message a worker takes first.
     * Default 'normal'. See OutboxPriority. */
    priority?: OutboxPriority;
  };
}[OutboxMethod];

/** `low`: bulk that may wait (X feed forwards, broadcasts to many chats): a chat's normal messages overtake
 * its pending low ones, workers take waiting normal messages before low ones, and low messages hold at most
 * a short stretch of the bot's pacing schedule ahead of others. `normal` (the default): raid cards, answers,
 * notices. `high`: for what must go before a chat's normal backlog too (no caller needs it yet). Within one
 * priority a chat's messages still go in commit order, and a chat never has two messages out at once. */
export type OutboxPriority = 'high' | 'normal' | 'low';

export type OutboxState = 'pending' | 'sent' | 'failed' | 'superseded';

/** A row of notifications.outbox as plain data (ids as strings: they are bigint in Postgres). */
export interface OutboxStatus {
  id: string;
  botId: number;
  chatId: ChatId;
  /** The chat it was queued for: its lane, in which it goes out in commit order (chatId changes only when
   * a group became a supergroup). */
  laneChatId: ChatId;
  /** Its place in the lane. */
  seq: number;
  /** The priority it goes at: as queued, or raised to that of a more urgent message of its chat that waits
   * behind it while it is out (see README, "Priority"). */
  priority: OutboxPriority;
  method: OutboxMethod;
  payload: Record<string, unknown>;
  dedupeKey: string | null;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  result: unknown;
  migratedFrom: number | null;
  createdAt: Date;
  enqueuedAt: Date | null;
  nextAttemptAt: Date;
  finishedAt: Date | null;
  /** For a failed message: Telegram refused it, or it met an outage longer than the retry budget. */
  failedBy: 'refused' | 'outage' | null;
  /** Set when a failed message was re-driven: its retry budget counts from then. */
  retrySince: Date | null;
}

/** One pacing rule: at most `limit` grants in any window of `windowMs`, `burst` of them back to back.
 * A burst above 1 lowers the sustained rate so the window limit still holds (see pacer.ts). */
export interface PaceRule {
  limit: number;
  windowMs: number;
  burst: number;
}

export interface PaceLimits {
  /** Per bot, all chats together (Telegram: about 30 messages/s). */
  bot: PaceRule;
  /** Per bot and chat (Telegram: about 1 message/s, short bursts tolerated). */
  chat: PaceRule;
  /** Per bot and group/supergroup/channel, on top of `chat` (Telegram: 20 messages/min). */
  group: PaceRule;
}

/** The Bot API client a bot's messages leave through; throws for a bot the deployment does not serve. */
export type SendApiOf = (botId: number) => Promise<Api>;
