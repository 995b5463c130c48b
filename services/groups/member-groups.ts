// The active groups a person belongs to, as far as the platform can tell: those whose synced admin list
// names them, and those the caller knows them from (their activity: messages, claims, verdicts). The
// platform keeps no member list, so the caller brings those chat ids; this read adds the admin side and
// leaves out groups the bot has left.
import { chatId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';
import type { Tx } from '../platform/database.js';

export interface MemberGroup {
  chatId: ChatId;
  title: string;
  /** In the group's synced admin list (kept by chat_member updates and the daily refresh). */
  admin: boolean;
}

export async function groupsOfMember(tx: Tx, userId: TelegramUserId, knownChatIds: readonly ChatId[]): Promise<MemberGroup[]> {
  const rows: Array<{ chat_id: string; title: string; admin: boolean }> = await tx.query(
    `SELECT g.chat_id::text AS chat_id, g.title, (a.user_id IS NOT NULL) AS admin
       FROM groups.groups g LEFT JOIN groups.admins a ON a.chat_id = g.chat_id AND a.user_id = $1
      WHERE g.active AND (a.user_id IS NOT NULL OR g.chat_id = ANY($2::bigint[]))
      ORDER BY g.title, g.chat_id`,
    [userId, [...new Set(knownChatIds)]],
  );
  return rows.map((r) => ({ chatId: chatId(r.chat_id), title: r.title, admin: r.admin }));
}
