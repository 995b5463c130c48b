import type { ChatMember } from 'grammy/types';
import type { ServiceBase } from '../platform/service-base.js';
import type { HistoryAppender } from '../history/index.js';
import type { GroupHistoryEvent } from './history-events.js';
import type { Notifications } from '../notifications/index.js';
import type { GroupMessages } from './messages.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

/** The Telegram reads this service needs; sends go through the notifications outbox instead. */
export interface TelegramReader {
  getChatAdministrators(botId: number, chatId: ChatId): Promise<ChatMember[]>;
  getChatMember(botId: number, chatId: ChatId, userId: TelegramUserId): Promise<ChatMember>;
}

/** Redis keeps getChatMember answers for `memberCacheMs` (shared by every process: see member-check.ts); the
 * clock dates blacklist entries. No metrics of its own yet. */
export interface GroupsDeps extends Pick<ServiceBase, 'db' | 'redis' | 'prefix' | 'log' | 'clock'> {
  /** Only this service's declared events (history-events.ts) can be recorded. */
  history: HistoryAppender<GroupHistoryEvent>;
  notifications: Pick<Notifications, 'enqueue'>;
  telegram: TelegramReader;
  /** What the service says in a group, in the words of the bot that sends it (messages.ts). */
  messages: (botId: number) => GroupMessages;
  /** TELEGRAM_MEMBER_CACHE_MS; 0 asks Telegram every time. */
  memberCacheMs: number;
}

/** Telegram refusals that mean the bot is no longer in the chat (as opposed to a passing fault). */
export function isGoneFromChat(error: unknown): boolean {
  const e = error as { error_code?: number; description?: string };
  if (e.error_code === 403) return true;
  return e.error_code === 400 && /chat not found|upgraded to a supergroup/i.test(e.description ?? '');
}
