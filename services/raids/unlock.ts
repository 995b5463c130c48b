import { affectedRows } from '../platform/database.js';
import type { RaidsDeps } from './deps.js';
import type { RaidScheduler } from './scheduler.js';
import { chatId as toChatId } from '../platform/telegram-ids.js';

/** Telegram refusing for good (400, 403: the bot lost the right, or left): retrying cannot help. */
export const isFinal = (error: unknown) => {
  const code = (error as { error_code?: number }).error_code;
  return code !== undefined && code >= 400 && code < 500 && code !== 429;
};

/** Gives the chat back exactly the permissions it had before the raid. A passing failure is retried by a job
 * (and by the sweeper); a final refusal is recorded and the group is told, so an admin can restore them. */
export async function unlockRaid(deps: RaidsDeps, scheduler: RaidScheduler, raidId: string): Promise<boolean> {
  const rows: Array<{ bot_id: string; chat_id: string; saved_permissions: Record<string, boolean> | null; unlocked_at: Date | null; lock_applied: boolean; unlock_failed_at: Date | null }> =
    await deps.db.query(`SELECT bot_id, chat_id, saved_permissions, unlocked_at, lock_applied, unlock_failed_at FROM raids.raids WHERE id = $1`, [raidId]);
  const row = rows[0];
  if (!row || !row.lock_applied || row.unlocked_at || row.unlock_failed_at) return false;
  const botId = Number(row.bot_id);
  const chatId = toChatId(row.chat_id);
  try {
    await deps.telegram.setChatPermissions(botId, chatId, row.saved_permissions ?? {});
  } catch (error) {
    const reason = (error as { description?: string }).description ?? (error as Error).message;
    if (!isFinal(error)) {
      deps.log.warn({ raidId, reason }, 'unlocking the chat failed; will try again');
      const now = deps.clock.now().getTime();
      await scheduler.schedule({ name: 'unlock', raidId }, new Date(now + 15_000), now);
      return false;
    }
    await deps.db.transaction(async (tx) => {
      if ((await affectedRows(tx, `UPDATE raids.raids SET unlock_failed_at = now(), unlock_error = $2 WHERE id = $1 AND unlock_failed_at IS NULL`, [raidId, reason])) === 0) return;
      await deps.history.append(tx, { actor: { kind: 'system' }, action: 'raid.unlock_failed', subject: { kind: 'raid', id: raidId }, data: { reason } });
      await deps.notifications.enqueue(tx, {
        botId,
        chatId,
        method: 'sendMessage',
        payload: (await deps.messages(botId)).unlockFailed(reason),
      });
    });
    deps.log.error({ raidId, reason }, 'unlocking the chat failed for good; the group was told');
    return false;
  }
  await deps.db.transaction(async (tx) => {
    if ((await affectedRows(tx, `UPDATE raids.raids SET unlocked_at = now() WHERE id = $1 AND unlocked_at IS NULL`, [raidId])) > 0) {
      await deps.history.append(tx, { actor: { kind: 'system' }, action: 'raid.chat_unlocked', subject: { kind: 'raid', id: raidId }, data: { permissions: row.saved_permissions ?? {} } });
    }
  });
  return true;
}


