import type { RaidsDeps } from './deps.js';
import type { RaidScheduler } from './scheduler.js';
import type { EndReason, RaidProgress } from './types.js';
import { loadRaid, type RaidRow } from './raid-store.js';
import { unlockRaid } from './unlock.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export const X_SEARCH_SETTLE_MS = 15_000;

/** Dedupe keys of a raid card's edits share this prefix, so newer states can supersede older pending ones. */
export const cardKeyPrefix = (raidId: string) => `raid:${raidId}:card:`;

/** Ends an active raid once (on targets, on time, or by an admin): final card, unpin, summary, unlock, and
 * validation scheduled after the grace period. Returns false when the raid was not active. */
export async function endRaid(
  deps: RaidsDeps,
  scheduler: RaidScheduler,
  raidId: string,
  reason: EndReason,
  options: { by?: TelegramUserId; progress?: RaidProgress } = {},
): Promise<boolean> {
  const now = deps.clock.now();
  const validateAfter = new Date(now.getTime() + deps.validationGraceMs);
  // One figure everywhere for when the results come: claims close after the grace, and X is read a little
  // after that (afterEnd below).
  const ending = { claimsOpenMs: deps.validationGraceMs, resultsInMs: deps.validationGraceMs + X_SEARCH_SETTLE_MS };
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
    const messages = await deps.messages(raid.botId);
    if (raid.cardMessageId !== null) {
      // The final card must be the last word: pending progress edits are dropped, or one could land after it.
      await deps.notifications.supersede(tx, raid.botId, cardKeyPrefix(raidId));
      await deps.notifications.enqueue(tx, {
        ...base,
        dedupeKey: `${cardKeyPrefix(raidId)}final`,
        method: 'editMessageText',
        payload: { ...messages.card(raid, progress, now, { phase: 'ended', reason, ...ending }), message_id: raid.cardMessageId },
      });
    }
    if (raid.pinned && raid.cardMessageId !== null) {
      await deps.notifications.enqueue(tx, { ...base, method: 'unpinChatMessage', payload: { message_id: raid.cardMessageId } });
    }
    await deps.notifications.enqueue(tx, {
      ...base,
      method: 'sendMessage',
      payload: {
        ...messages.ended({ reason, targets: raid.targets, progress, ...ending, chatReopens: raid.lockApplied }),
        ...(raid.cardMessageId !== null ? { reply_parameters: { message_id: raid.cardMessageId, allow_sending_without_reply: true } } : {}),
      },
    });
    return raid;
  });
  if (!raid) {
    // Already ended, perhaps by a run that died right after its commit: the steps after the commit are safe to
    // repeat, so finish them rather than leave the chat locked or the raid never validated.
    const ended = await loadRaid(deps.db.manager, raidId);
    if (ended?.status === 'ended') await afterEnd(deps, scheduler, ended);
    return false;
  }
  await afterEnd(deps, scheduler, { ...raid, validateAfter });
  deps.log.info({ raidId, reason }, 'raid ended');
  return true;
}

async function afterEnd(deps: RaidsDeps, scheduler: RaidScheduler, raid: Pick<RaidRow, 'id' | 'lockApplied' | 'validateAfter'>): Promise<void> {
  if (raid.lockApplied) await unlockRaid(deps, scheduler, raid.id);
  // Claims close at validateAfter; X's recent search only shows posts once they are 10 s old, so the reading
  // waits a little longer than that, or a reply made in the last seconds would look absent.
  const at = (raid.validateAfter ?? deps.clock.now()).getTime() + X_SEARCH_SETTLE_MS;
  await scheduler.schedule({ name: 'validate', raidId: raid.id }, new Date(at));
}
