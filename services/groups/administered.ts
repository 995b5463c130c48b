import type { TelegramUserId } from '../platform/telegram-ids.js';
import type { Tx } from '../platform/database.js';
import { GROUP_COLUMNS, toGroupRecord, type GroupRecord } from './group-store.js';

/** The active groups whose synced admin list holds the user, by title: the groups they can open as an admin. */
export async function groupsAdministeredBy(tx: Tx, userId: TelegramUserId): Promise<GroupRecord[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT ${GROUP_COLUMNS} FROM groups.groups
      WHERE active AND chat_id IN (SELECT chat_id FROM groups.admins WHERE user_id = $1)
      ORDER BY title, chat_id`,
    [userId],
  );
  return rows.map(toGroupRecord);
}
