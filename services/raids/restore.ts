import type { ChatPermissions } from 'grammy/types';
import { affectedRows } from '../platform/database.js';
import type { RaidsDeps } from './deps.js';
import { isFinal } from './unlock.js';
import { chatId as toChatId, type ChatId } from '../platform/telegram-ids.js';

const reasonOf = (error: unknown) => (error as { description?: string }).description ?? (error as Error).message;

/** A launch locked the chat and then failed: the permissions go back now, or, when Telegram refuses, the
 * failure is logged and recorded in raids.restores, where the sweeper finds it (findLeftBehind) and tries
 * again. A new raid does not lock a chat with an open restore (launch.ts). */
export async function restoreAfterFailedLaunch(
  deps: RaidsDeps,
  r: { botId: number; chatId: ChatId; permissions: ChatPermissions; raidId: string },
): Promise<void> {
  try {
    await deps.telegram.setChatPermissions(r.botId, r.chatId, r.permissions);
    return;
  } catch (error) {
    const reason = reasonOf(error);
    deps.log.error({ raidId: r.raidId, chatId: r.chatId, reason }, 'a failed launch could not give the chat its permissions back; the sweeper tries again');
    try {
      await deps.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO raids.restores (bot_id, chat_id, raid_id, permissions, error) VALUES ($1, $2, $3, $4, $5)`, [
          r.botId, r.chatId, r.raidId, JSON.stringify(r.permissions), reason,
        ]);
        await deps.history.append(tx, {
          actor: { kind: 'system' },
          action: 'raid.restore_failed',
          subject: { kind: 'group', id: String(r.chatId) },
          data: { raidId: r.raidId, reason, permissions: r.permissions },
        });
      });
    } catch (recordError) {
      // Postgres may be why the launch failed: the log is then the only record, so it carries what to restore.
      deps.log.error({ raidId: r.raidId, chatId: r.chatId, permissions: r.permissions, err: recordError }, 'the failed restore could not be recorded; restore these permissions by hand');
    }
  }
}

/** One open restore, tried again (by the sweeper). True once the chat has its permissions back. */
export async function retryRestore(deps: RaidsDeps, id: string): Promise<boolean> {
  const rows: Array<{ bot_id: string; chat_id: string; raid_id: string; permissions: ChatPermissions }> = await deps.db.query(
    `SELECT bot_id, chat_id, raid_id::text AS raid_id, permissions FROM raids.restores WHERE id = $1 AND restored_at IS NULL AND given_up_at IS NULL`,
    [id],
  );
  const row = rows[0];
  if (!row) return false;
  const botId = Number(row.bot_id);
  const chatId = toChatId(row.chat_id);
  try {
    await deps.telegram.setChatPermissions(botId, chatId, row.permissions);
  } catch (error) {
    const reason = reasonOf(error);
    if (!isFinal(error)) {
      await deps.db.query(`UPDATE raids.restores SET attempts = attempts + 1, error = $2 WHERE id = $1`, [id, reason]);
      deps.log.warn({ restoreId: id, chatId, reason }, 'giving the chat its permissions back failed again; the next sweep tries again');
      return false;
    }
    await deps.db.transaction(async (tx) => {
      if ((await affectedRows(tx, `UPDATE raids.restores SET given_up_at = now(), error = $2 WHERE id = $1 AND given_up_at IS NULL`, [id, reason])) === 0) return;
      await deps.history.append(tx, { actor: { kind: 'system' }, action: 'raid.restore_given_up', subject: { kind: 'group', id: String(chatId) }, data: { raidId: row.raid_id, reason } });
      await deps.notifications.enqueue(tx, { botId, chatId, method: 'sendMessage', payload: (await deps.messages(botId)).unlockFailed(reason) });
    });
    deps.log.error({ restoreId: id, chatId, reason }, 'giving the chat its permissions back failed for good; the group was told');
    return false;
  }
  await deps.db.transaction(async (tx) => {
    if ((await affectedRows(tx, `UPDATE raids.restores SET restored_at = now() WHERE id = $1 AND restored_at IS NULL`, [id])) > 0) {
      await deps.history.append(tx, { actor: { kind: 'system' }, action: 'raid.chat_restored', subject: { kind: 'group', id: String(chatId) }, data: { raidId: row.raid_id, permissions: row.permissions } });
    }
  });
  deps.log.info({ restoreId: id, chatId }, 'the chat has its permissions back after a failed launch');
  return true;
}
