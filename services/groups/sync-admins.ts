import type { Tx } from '../platform/database.js';
import type { GroupsDeps } from './deps.js';
import { diffAdmins, type AdminEntry } from './admins.js';
import { deleteAdmin, loadAdmins, saveAdmin } from './admin-store.js';

/** Makes our admin list equal to Telegram's, recording each difference in the history.
 * Runs inside the caller's transaction, which holds the group's row lock. */
export async function applyAdminList(
  deps: Pick<GroupsDeps, 'history'>,
  tx: Tx,
  chatId: number,
  fresh: AdminEntry[],
  cause: string,
): Promise<{ added: number; removed: number; changed: number }> {
  const diff = diffAdmins(await loadAdmins(tx, chatId), fresh);
  const subject = { kind: 'group', id: String(chatId) };
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
