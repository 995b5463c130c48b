import { affectedRows } from '../platform/database.js';
import type { RaidsDeps } from './deps.js';
import type { RaidScheduler } from './scheduler.js';
import type { EndReason, RaidProgress } from './types.js';
import { cardKeyboard, renderCard } from './card.js';
import { loadRaid } from './raid-store.js';

export const X_SEARCH_SETTLE_MS = 15_000;

const LABELS: Record<keyof RaidProgress, string> = { replies: 'replies', reposts: 'reposts', likes: 'likes', quotes: 'quotes', bookmarks: 'bookmarks' };

/** Ends an active raid once (on targets, on time, or by an admin): final card, unpin, summary, unlock, and
 * validation scheduled after the grace period. Returns false when the raid was not active. */
export async function endRaid(
  deps: RaidsDeps,
  scheduler: RaidScheduler,
  raidId: string,
  reason: EndReason,
  options: { by?: number; progress?: RaidProgress } = {},
): Promise<boolean> {
  const now = deps.clock.now();
  const validateAfter = new Date(now.getTime() + deps.validationGraceMs);
  const graceMinutes = Math.ceil(deps.validationGraceMs / 60_000);
  const raid = await deps.db.transaction(async (tx) => {
    const raid = await loadRaid(tx, raidId, true);
    if (!raid || raid.status !== 'active') return null;
    const progress = options.progress ?? raid.progress;
    await tx.query(
      `UPDATE raids.raids SET status = 'ended', ended_at = $2, end_reason = $3, validate_after = $4, progress = $5 WHERE id = $1`,
      [raidId, now, reason, validateAfter, JSON.stringify(progress)],
    );
    await deps.history.append(tx, {
      actor: options.by ? { kind: 'admin', id: String(options.by) } : { kind: 'system' },
      action: 'raid.ended',
      subject: { kind: 'raid', id: raidId },
      data: { reason, progress, targets: raid.targets },
    });
    const base = { botId: raid.botId, chatId: raid.chatId } as const;
    if (raid.cardMessageId !== null) {
      await deps.notifications.enqueue(tx, {
        ...base,
        method: 'editMessageText',
        payload: { message_id: raid.cardMessageId, text: renderCard(raid, progress, now, { reason, graceMinutes }), parse_mode: 'HTML', reply_markup: cardKeyboard(raid, false) },
      });
    }
    if (raid.pinned && raid.cardMessageId !== null) {
      await deps.notifications.enqueue(tx, { ...base, method: 'unpinChatMessage', payload: { message_id: raid.cardMessageId } });
    }
    const counts = (Object.keys(LABELS) as Array<keyof RaidProgress>)
      .filter((k) => raid.targets[k] > 0)
      .map((k) => `${progress[k]}/${raid.targets[k]} ${LABELS[k]}`)
      .join(', ');
    const why = reason === 'targets' ? 'every target reached 🎉' : reason === 'time' ? 'time is up' : 'ended by an admin';
    await deps.notifications.enqueue(tx, {
      ...base,
      method: 'sendMessage',
      payload: {
        text: `🏁 <b>Raid over</b>: ${why}\n${counts}.\nI check X in ${graceMinutes} min; until then you can still press “I raided” on the card.${raid.lockApplied ? '\n🔓 The chat is open again.' : ''}`,
        parse_mode: 'HTML',
        ...(raid.cardMessageId !== null ? { reply_parameters: { message_id: raid.cardMessageId, allow_sending_without_reply: true } } : {}),
      },
    });
    return raid;
  });
  if (!raid) return false;
  if (raid.lockApplied) await unlockRaid(deps, scheduler, raidId);
  // Claims close at validateAfter; X's recent search only shows posts once they are 10 s old, so the reading
  // waits a little longer than that, or a reply made in the last seconds would look absent.
  await scheduler.schedule({ name: 'validate', raidId }, new Date(validateAfter.getTime() + X_SEARCH_SETTLE_MS));
  deps.log.info({ raidId, reason }, 'raid ended');
  return true;
}

/** Gives the chat back exactly the permissions it had before the raid. Retried by a job if Telegram fails. */
export async function unlockRaid(deps: RaidsDeps, scheduler: RaidScheduler, raidId: string): Promise<boolean> {
  const rows: Array<{ bot_id: string; chat_id: string; saved_permissions: Record<string, boolean> | null; unlocked_at: Date | null; lock_applied: boolean }> =
    await deps.db.query(`SELECT bot_id, chat_id, saved_permissions, unlocked_at, lock_applied FROM raids.raids WHERE id = $1`, [raidId]);
  const row = rows[0];
  if (!row || !row.lock_applied || row.unlocked_at) return false;
  try {
    await deps.telegram.setChatPermissions(Number(row.bot_id), Number(row.chat_id), row.saved_permissions ?? {});
  } catch (error) {
    deps.log.warn({ err: error, raidId }, 'unlocking the chat failed; will try again');
    await scheduler.schedule({ name: 'unlock', raidId }, new Date(Date.now() + 15_000), Date.now());
    return false;
  }
  await deps.db.transaction(async (tx) => {
    if ((await affectedRows(tx, `UPDATE raids.raids SET unlocked_at = now() WHERE id = $1 AND unlocked_at IS NULL`, [raidId])) > 0) {
      await deps.history.append(tx, { actor: { kind: 'system' }, action: 'raid.chat_unlocked', subject: { kind: 'raid', id: raidId }, data: { permissions: row.saved_permissions ?? {} } });
    }
  });
  return true;
}
