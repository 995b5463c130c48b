import { affectedRows } from '../platform/database.js';
import type { RaidsDeps } from './deps.js';
import type { RaidScheduler } from './scheduler.js';
import { progressFrom, targetsReached } from './progress.js';
import { cardKeyPrefix, endRaid } from './end.js';
import { loadRaid, type RaidRow } from './raid-store.js';

export type TickOutcome = 'inactive' | 'ticked' | 'ended';

/** One beat of a live raid: pin the card once it exists, read the post's counts, end on targets or time,
 * otherwise edit the card only when what it shows changed, and schedule the next beat. */
export async function tickRaid(deps: RaidsDeps, scheduler: RaidScheduler, raidId: string): Promise<TickOutcome> {
  const raid = await loadRaid(deps.db.manager, raidId);
  if (!raid || raid.status !== 'active') return 'inactive';
  const cardMessageId = raid.cardMessageId ?? (await pinCard(deps, raid));

  let progress = raid.progress;
  try {
    const post = await deps.x?.getPost(raid.postId, { purpose: `raid:${raidId}:tick` });
    if (post) progress = progressFrom(raid.baseline, post.metrics);
  } catch (error) {
    // A missed reading only delays the card; the raid goes on and the next tick reads again.
    deps.log.warn({ err: error, raidId }, 'raid tick: X did not answer');
  }
  const now = deps.clock.now();
  if (targetsReached(raid.targets, progress)) {
    await endRaid(deps, scheduler, raidId, 'targets', { progress });
    return 'ended';
  }
  if (now >= raid.endsAt) {
    await endRaid(deps, scheduler, raidId, 'time', { progress });
    return 'ended';
  }
  const card = (await deps.messages(raid.botId)).card(raid, progress, now, { phase: 'live' });
  const advanced = await deps.db.transaction(async (tx) => {
    // The tick count guards against a duplicate job doing the same beat twice.
    const changed = await affectedRows(
      tx,
      `UPDATE raids.raids SET ticks = ticks + 1, progress = $3, card_text = $4 WHERE id = $1 AND ticks = $2 AND status = 'active'`,
      [raidId, raid.ticks, JSON.stringify(progress), card.text],
    );
    if (changed === 0) return false;
    if (card.text !== raid.cardText && cardMessageId !== null) {
      // Only the newest card matters: an older edit still waiting (paced, or retrying) would arrive late.
      await deps.notifications.supersede(tx, raid.botId, cardKeyPrefix(raidId));
      await deps.notifications.enqueue(tx, {
        botId: raid.botId,
        chatId: raid.chatId,
        method: 'editMessageText',
        payload: { ...card, message_id: cardMessageId },
        dedupeKey: `${cardKeyPrefix(raidId)}${raid.ticks + 1}`,
      });
    }
    return true;
  });
  if (advanced) {
    const next = new Date(Math.min(now.getTime() + deps.tickIntervalMs, raid.endsAt.getTime()));
    await scheduler.schedule({ name: 'tick', raidId }, next, raid.ticks + 1);
  }
  return 'ticked';
}

/** The card went out through the outbox; once Telegram has given it a message id, remember it and pin it
 * (when the bot may pin: otherwise the raid simply runs unpinned). Returns the id, or null while unsent. */
async function pinCard(deps: RaidsDeps, raid: RaidRow): Promise<number | null> {
  if (!raid.cardOutboxId) return null;
  const sent = await deps.notifications.status(raid.cardOutboxId);
  const messageId = sent?.state === 'sent' ? (sent.result as { message_id?: number } | null)?.message_id : undefined;
  if (!messageId) return null;
  const group = await deps.groups.get(raid.chatId);
  const mayPin = group?.botStatus === 'administrator' && group.botRights.can_pin_messages === true;
  await deps.db.transaction(async (tx) => {
    const changed = await affectedRows(
      tx,
      `UPDATE raids.raids SET card_message_id = $2, pinned = $3 WHERE id = $1 AND card_message_id IS NULL`,
      [raid.id, messageId, mayPin],
    );
    if (changed > 0 && mayPin) {
      await deps.notifications.enqueue(tx, {
        botId: raid.botId,
        chatId: raid.chatId,
        method: 'pinChatMessage',
        payload: { message_id: messageId, disable_notification: true },
      });
    }
  });
  return messageId;
}
