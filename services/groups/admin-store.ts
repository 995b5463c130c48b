import type { Tx } from '../platform/database.js';
import type { AdminEntry } from './admins.js';
import { telegramUserId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';

export async function loadAdmins(tx: Tx, chatId: ChatId): Promise<AdminEntry[]> {
  const rows: Array<{ user_id: string; status: AdminEntry['status']; is_bot: boolean; rights: Record<string, boolean> }> = await tx.query(
    `SELECT user_id, status, is_bot, rights FROM groups.admins WHERE chat_id = $1 ORDER BY user_id`,
    [chatId],
  );
  return rows.map((r) => ({ userId: telegramUserId(r.user_id), status: r.status, isBot: r.is_bot, rights: r.rights }));
}

export async function loadAdmin(tx: Tx, chatId: ChatId, userId: TelegramUserId): Promise<AdminEntry | null> {
  const rows: Array<{ status: AdminEntry['status']; is_bot: boolean; rights: Record<string, boolean> }> = await tx.query(
    `SELECT status, is_bot, rights FROM groups.admins WHERE chat_id = $1 AND user_id = $2`,
    [chatId, userId],
  );
  const r = rows[0];
  return r ? { userId, status: r.status, isBot: r.is_bot, rights: r.rights } : null;
}

export async function saveAdmin(tx: Tx, chatId: ChatId, admin: AdminEntry): Promise<void> {
  await tx.query(
    `INSERT INTO groups.admins (chat_id, user_id, status, is_bot, rights) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (chat_id, user_id) DO UPDATE SET status = EXCLUDED.status, is_bot = EXCLUDED.is_bot,
       rights = EXCLUDED.rights, updated_at = now()`,
    [chatId, admin.userId, admin.status, admin.isBot, JSON.stringify(admin.rights)],
  );
}

export async function deleteAdmin(tx: Tx, chatId: ChatId, userId: TelegramUserId): Promise<void> {
  await tx.query(`DELETE FROM groups.admins WHERE chat_id = $1 AND user_id = $2`, [chatId, userId]);
}
