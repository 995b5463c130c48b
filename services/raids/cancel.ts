// An admin cancels a running raid: it stops at once, is never validated, claims close, and a held pool goes
// back to the group's balance in the same transaction. The void is posted here, under the key the payout
// uses (`payout:<raidId>`, validation/payout.ts), because raids placed the hold (launch.ts) and raids may not
// call validation (test/architecture/dependencies.test.ts). Cancel and payout cannot both move the pool:
// cancel takes the raid's row lock and needs it 'active'; end takes the same lock and needs the same state,
// and only an ended raid is validated and then settled; the shared ledger key refuses a second move anyway.
import type { RaidsDeps } from './deps.js';
import type { RaidScheduler } from './scheduler.js';
import { cardKeyPrefix } from './end.js';
import { loadRaid } from './raid-store.js';
import { poolAsset } from './pool-asset.js';
import { unlockRaid } from './unlock.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export type CancelResult =
  | { status: 'cancelled'; raidId: string; returned: { amount: bigint; token: string } | null; postingId: string | null }
  /** Ended, validated or cancelled already: only a running raid can be cancelled. */
  | { status: 'not_running' }
  | { status: 'unknown' };

export async function cancelRaid(deps: RaidsDeps, scheduler: RaidScheduler, raidId: string, by: TelegramUserId): Promise<CancelResult> {
  if (!/^\d{1,18}$/.test(raidId)) return { status: 'unknown' };
  const now = deps.clock.now();
  // A cancel soon after the launch can come before the first tick recorded the card's message id (tick.ts
  // pinCard): the outbox knows it once Telegram answered, and the card must still say cancelled.
  const before = await loadRaid(deps.db.manager, raidId);
  const sentCard = before && before.cardMessageId === null && before.cardOutboxId ? await deps.notifications.status(before.cardOutboxId) : null;
  const sentCardId = sentCard?.state === 'sent' ? ((sentCard.result as { message_id?: number } | null)?.message_id ?? null) : null;
  const outcome = await deps.db.transaction(async (tx) => {
    const locked = await loadRaid(tx, raidId, true);
    if (!locked) return { result: { status: 'unknown' } as const };
    if (locked.status !== 'active') return { result: { status: 'not_running' } as const };
    const raid = { ...locked, cardMessageId: locked.cardMessageId ?? sentCardId };
    // validate_after stays NULL: claims are open only while active or before validate_after (claim.ts).
    await tx.query(`UPDATE raids.raids SET status = 'cancelled', ended_at = $2, cancelled_at = $2, cancelled_by = $3 WHERE id = $1`, [raidId, now, by]);

    let returned: { amount: bigint; token: string } | null = null;
    let postingId: string | null = null;
    const pool = raid.rewardPool;
    const asset = pool && deps.money ? poolAsset(pool, deps.money) : null;
    if (pool && asset && deps.money) {
      const poolAccount = { kind: 'group_pool', owner: raidId } as const;
      // A pool launched while money was off was never held: nothing to give back.
      const held = await deps.money.ledger.balance(poolAccount, asset, tx);
      if (held > 0n) {
        // A group that became a supergroup since the launch has its balance under the new chat id.
        const home = (await deps.groups.get(raid.chatId))?.migratedToChatId ?? raid.chatId;
        const posting = await deps.money.ledger.post(tx, {
          idempotencyKey: `payout:${raidId}`,
          kind: 'raid.hold_void',
          lines: [
            { account: poolAccount, asset, amount: -held },
            { account: { kind: 'group_balance', owner: String(home) }, asset, amount: held },
          ],
          reference: { raidId, chatId: String(home), token: pool.token, reason: 'cancelled' },
          actor: { kind: 'admin', id: String(by) },
        });
        postingId = posting.id;
        returned = { amount: held, token: pool.token };
        await tx.query(`UPDATE raids.raids SET pool_void_posting_id = $2 WHERE id = $1`, [raidId, postingId]);
      }
    }
    await deps.history.append(tx, {
      actor: { kind: 'admin', id: String(by) },
      action: 'raid.cancelled',
      subject: { kind: 'raid', id: raidId },
      data: {
        progress: raid.progress,
        targets: raid.targets,
        pool: pool ? { amount: pool.amount.toString(), token: pool.token, returned: returned?.amount.toString() ?? '0', postingId, chainId: asset?.chainId ?? null, tokenAddress: asset?.token ?? null } : null,
      },
    });
    const base = { botId: raid.botId, chatId: raid.chatId } as const;
    const messages = await deps.messages(raid.botId);
    if (raid.cardMessageId !== null) {
      await deps.notifications.supersede(tx, raid.botId, cardKeyPrefix(raidId));
      await deps.notifications.enqueue(tx, {
        ...base,
        dedupeKey: `${cardKeyPrefix(raidId)}final`,
        method: 'editMessageText',
        payload: { ...messages.card(raid, raid.progress, now, { phase: 'cancelled' }), message_id: raid.cardMessageId },
      });
    }
    if (raid.pinned && raid.cardMessageId !== null) {
      await deps.notifications.enqueue(tx, { ...base, method: 'unpinChatMessage', payload: { message_id: raid.cardMessageId } });
    }
    await deps.notifications.enqueue(tx, {
      ...base,
      method: 'sendMessage',
      payload: {
        ...messages.cancelled({ returned, chatReopens: raid.lockApplied }),
        ...(raid.cardMessageId !== null ? { reply_parameters: { message_id: raid.cardMessageId, allow_sending_without_reply: true } } : {}),
      },
    });
    return { result: { status: 'cancelled', raidId, returned, postingId } as const, lockApplied: raid.lockApplied };
  });
  if (outcome.result.status !== 'cancelled') return outcome.result;
  // Its tick and end jobs find it not active and stop; the sweeper unlocks it if this unlock is lost.
  if (outcome.lockApplied) await unlockRaid(deps, scheduler, raidId);
  deps.log.info({ raidId, returned: outcome.result.returned?.amount.toString() ?? null }, 'raid cancelled');
  return outcome.result;
}
