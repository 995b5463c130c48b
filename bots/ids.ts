// Where grammY's ids become the platform's: every handler passes ctx.from, ctx.chat (or a message's chat)
// through these, so services only ever see TelegramUserId and ChatId. They take the objects rather than the
// context: grammY's filters narrow ctx.from and ctx.chat per handler, and a conversation's context is a
// plain one.
import { chatId, privateChatOf, telegramUserId, type ChatId, type TelegramUserId } from '../services/platform/telegram-ids.js';

export const userIdOf = (user: { id: number }): TelegramUserId => telegramUserId(user.id);

export const chatIdOf = (chat: { id: number }): ChatId => chatId(chat.id);

/** The private chat between the bot and this user (a file or an answer meant for them alone). */
export const privateChatWith = (user: { id: number }): ChatId => privateChatOf(userIdOf(user));
