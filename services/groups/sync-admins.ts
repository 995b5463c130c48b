import type { Tx } from '../platform/database.js';
import type { GroupsDeps } from './deps.js';
import { diffAdmins, type AdminDiff, type AdminEntry } from './admins.js';
import { deleteAdmin, loadAdmin, loadAdmins, saveAdmin } from './admin-store.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

type Counts = { added: number; removed: number; changed: number };

/** Makes our admin list equal to Telegram's, recording each difference in the history.
 * Runs inside the caller's transaction, which holds the group's row lock. */
export async function applyAdminList(deps: Pick<GroupsDeps, 'history'>, tx: Tx, chatId: ChatId, fresh: AdminEntry[], cause: string): Promise<Counts> {
  return applyDiff(deps, tx, chatId, diffAdmins(await loadAdmins(tx, chatId), fresh), cause);
}

/** The same for one member, from what getChatMember just said of them (`fresh` null: not an admin). */
export async function applyAdminStanding(
  deps: Pick<GroupsDeps, 'history'>,
  tx: Tx,
  chatId: ChatId,
  userId: TelegramUserId,
  fresh: AdminEntry | null,
  cause: string,
): Promise<Counts> {
  const held = await loadAdmin(tx, chatId, userId);
  return applyDiff(deps, tx, chatId, diffAdmins(held ? [held] : [], fresh ? [fresh] : []), cause);
}

async function applyDiff(deps: Pick<GroupsDeps, 'history'>, tx: Tx, chatId: ChatId, diff: AdminDiff, cause: string): Promise<Counts> {
  const subject = { kind: 'group', id: String(chatId) } as const;
  const actor = { kind: 'system' as const, id: cause };
  for (const admin of [...diff.added, ...diff.changed]) await saveAdmin(tx, chatId, admin);
  for (const admin of diff.removed) await deleteAdmin(tx, chatId, admin.userId);
  for (const admin of diff.added) {
    await deps.history.append(tx, {
      actor,
      action: 'group.admin_added',
      subject,
      data: { userId: String(admin.userId), status: admin.status, isBot: admin.isBot, cause },
    });
  }
  for (const admin of diff.removed) {
    await deps.history.append(tx, {
      actor,
      action: 'group.admin_removed',
      subject,
      data: { userId: String(admin.userId), reason: 'not an admin on Telegram any more', cause },
    });
  }
  for (const admin of diff.changed) {
    await deps.history.append(tx, {
      actor,
      action: 'group.admin_rights_changed',
      subject,
      data: { userId: String(admin.userId), status: admin.status, rights: admin.rights, cause },
    });
  }
  return { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length };
}
