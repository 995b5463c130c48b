// The groups a member has written in, as far as Postgres knows: counts reach it with the next flush (every
// minute), so a first message shows here within a minute, and the boards show it at once.
import { chatId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';
import type { DataSource } from 'typeorm';

export async function chatsWithMessagesFrom(db: DataSource, userId: TelegramUserId): Promise<ChatId[]> {
  const rows: Array<{ chat_id: string }> = await db.query(
    `SELECT DISTINCT chat_id::text AS chat_id FROM analytics.message_activity WHERE user_id = $1 AND messages > 0 ORDER BY 1`,
    [userId],
  );
  return rows.map((r) => chatId(r.chat_id));
}
