import type { GroupsDeps } from './deps.js';
import { loadGroup } from './group-store.js';
import type { ChatId } from '../platform/telegram-ids.js';

/** A group upgraded to a supergroup gets a new chat id; its settings and admins follow it. Idempotent:
 * Telegram tells us twice (migrate_to_chat_id in the old chat, migrate_from_chat_id in the new one). */
export async function migrateGroup(deps: Pick<GroupsDeps, 'db' | 'history'>, oldChatId: ChatId, newChatId: ChatId, title?: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const old = await loadGroup(tx, oldChatId, true);
    if (!old || (await loadGroup(tx, newChatId))) return false;
    await tx.query(
      `INSERT INTO groups.groups (chat_id, bot_id, title, type, active, bot_status, bot_rights, settings, added_by, registered_at, admins_synced_at)
       SELECT $2, bot_id, COALESCE($3, title), 'supergroup', active, bot_status, bot_rights, settings, added_by, registered_at, admins_synced_at
         FROM groups.groups WHERE chat_id = $1`,
      [oldChatId, newChatId, title ?? null],
    );
    await tx.query(
      `INSERT INTO groups.admins (chat_id, user_id, status, is_bot, rights) SELECT $2, user_id, status, is_bot, rights FROM groups.admins WHERE chat_id = $1`,
      [oldChatId, newChatId],
    );
    await tx.query(
      `UPDATE groups.groups SET active = false, removed_at = now(), migrated_to_chat_id = $2 WHERE chat_id = $1`,
      [oldChatId, newChatId],
    );
    await deps.history.append(tx, {
      actor: { kind: 'system' },
      action: 'group.migrated',
      subject: { kind: 'group', id: String(newChatId) },
      data: { fromChatId: String(oldChatId), toChatId: String(newChatId) },
    });
    return true;
  });
}
