import type { DataSource } from 'typeorm';
import type { ChatMember } from 'grammy/types';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Redis } from '../platform/redis.js';
import type { History } from '../history/index.js';
import type { Notifications } from '../notifications/index.js';
import type { GroupMessages } from './messages.js';

/** The Telegram reads this service needs; sends go through the notifications outbox instead. */
export interface TelegramReader {
  getChatAdministrators(botId: number, chatId: number): Promise<ChatMember[]>;
  getChatMember(botId: number, chatId: number, userId: number): Promise<ChatMember>;
}

export interface GroupsDeps {
  db: DataSource;
  history: Pick<History, 'append'>;
  notifications: Pick<Notifications, 'enqueue'>;
  telegram: TelegramReader;
  /** What the service says in a group, in the words of the bot that sends it (messages.ts). */
  messages: (botId: number) => GroupMessages;
  log: Logger;
  /** Where getChatMember answers are kept for `memberCacheMs` (shared by every process: see member-check.ts). */
  redis: Redis;
  /** Redis key prefix (a hash tag such as `{warhorn}`). */
  prefix: string;
  /** TELEGRAM_MEMBER_CACHE_MS; 0 asks Telegram every time. */
  memberCacheMs: number;
  /** When a blacklist entry was added; the system clock when not given. */
  clock?: Clock;
}

/** Telegram refusals that mean the bot is no longer in the chat (as opposed to a passing fault). */
export function isGoneFromChat(error: unknown): boolean {
  const e = error as { error_code?: number; description?: string };
  if (e.error_code === 403) return true;
  return e.error_code === 400 && /chat not found|upgraded to a supergroup/i.test(e.description ?? '');
}
