import type { RaidsDeps } from './deps.js';
import type { RaidScheduler } from './scheduler.js';
import type { RaidProgress, RaidTargets } from './types.js';
import { LOCK_NOTES, lockChat, type LockResult } from './lock.js';
import { restoreAfterFailedLaunch } from './restore.js';
import { parsePool } from '../platform/token-amounts.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import { InsufficientFundsError, type Asset, type LedgerAccount } from '../ledger/index.js';

export interface LaunchRequest {
  chatId: ChatId;
  botId: number;
  adminId: TelegramUserId;
  postId: string;
  targets: RaidTargets;
  durationMinutes: number;
  lock: boolean;
  pool?: { amount: string; token?: string };
}

/** Why a launch was refused; the bot side says it in words (bots/features/raids/texts.ts). */
export type LaunchRefusal =
  | { ok: false; reason: 'x_not_configured' | 'group_not_set_up' | 'already_running' | 'x_unavailable' }
  | { ok: false; reason: 'post_not_found'; postId: string }
  /** `detail`: what is wrong with the amount or token (platform/token-amounts.ts). */
  | { ok: false; reason: 'invalid_pool'; detail: string }
  /** The group's balance in the pool's token is short of the pool (both in the token's smallest unit). */
  | { ok: false; reason: 'insufficient_balance'; token: string; balance: bigint; wanted: bigint };

export type LaunchResult = { ok: true; raidId: string; lockNote: string | null } | LaunchRefusal;

const UNIQUE_VIOLATION = '23505';

/** Launches a raid for an admin: checks the post on X, locks the chat if asked, and in one transaction
 * records the raid, its history event and its card in the outbox; then schedules its ticks and its end. */
export async function launchRaid(deps: RaidsDeps, scheduler: RaidScheduler, req: LaunchRequest): Promise<LaunchResult> {
  const { db, clock } = deps;
  if (!deps.x) return { ok: false, reason: 'x_not_configured' };
  const group = await deps.groups.get(req.chatId);
  if (!group?.active) return { ok: false, reason: 'group_not_set_up' };
  const active: unknown[] = await db.query(`SELECT 1 FROM raids.raids WHERE chat_id = $1 AND status = 'active'`, [req.chatId]);
  if (active.length) return { ok: false, reason: 'already_running' };
  let pool: { amount: bigint; token: string } | null = null;
  if (req.pool) {
    const parsed = parsePool(req.pool.amount, req.pool.token);
    if (!parsed.ok) return { ok: false, reason: 'invalid_pool', detail: parsed.error };
    pool = { amount: parsed.amount, token: parsed.token };
  }
  // A funded pool: checked here so a short balance costs no X read; the hold in the launch transaction
  // below is what decides (a concurrent spend may still win the balance).
  const asset: Asset | null = pool && deps.money ? deps.money.assetOf(pool.token) : null;
  const groupBalance: LedgerAccount = { kind: 'group_balance', owner: String(req.chatId) };
  if (pool && asset && deps.money) {
    const balance = await deps.money.ledger.balance(groupBalance, asset);
    if (balance < pool.amount) return { ok: false, reason: 'insufficient_balance', token: pool.token, balance, wanted: pool.amount };
  }

  // The id comes first so the X read that checks the post is booked to this raid's cost.
  const [{ id: raidId }] = (await db.query(`SELECT nextval(pg_get_serial_sequence('raids.raids', 'id'))::text AS id`)) as [{ id: string }];
  let post;
  try {
    post = await deps.x.getPost(req.postId, { purpose: `raid:${raidId}:launch` });
  } catch (error) {
    deps.log.warn({ err: error, postId: req.postId }, 'raid launch: X did not answer');
    return { ok: false, reason: 'x_unavailable' };
  }
  if (!post) return { ok: false, reason: 'post_not_found', postId: req.postId };

  // A chat an earlier raid (or a failed launch, restore.ts) has not given back yet would be saved as
  // read-only, and restored to read-only.
  const stillLocked: unknown[] = req.lock
    ? await db.query(
        `SELECT 1 FROM raids.raids WHERE chat_id = $1 AND lock_applied AND unlocked_at IS NULL
         UNION ALL SELECT 1 FROM raids.restores WHERE chat_id = $1 AND restored_at IS NULL`,
        [req.chatId],
      )
    : [];
  const lock: LockResult | null = !req.lock
    ? null
    : stillLocked.length
      ? { applied: false, note: LOCK_NOTES.stillLocked }
      : await lockChat(deps.telegram, group);
  const now = clock.now();
  const endsAt = new Date(now.getTime() + req.durationMinutes * 60_000);
  const baseline: RaidProgress = { replies: post.metrics.replies, reposts: post.metrics.reposts, likes: post.metrics.likes, quotes: post.metrics.quotes, bookmarks: post.metrics.bookmarks };
  const author = post.author?.username ?? null;
  const postUrl = author ? `https://x.com/${author}/status/${post.id}` : `https://x.com/i/web/status/${post.id}`;
  const raid = {
    id: raidId, postId: post.id, postUrl, authorUsername: author, postText: post.text, targets: req.targets, endsAt,
    lockApplied: lock?.applied === true, lockRequested: req.lock, lockNote: lock && !lock.applied ? lock.note : null, rewardPool: pool,
  };
  const zero: RaidProgress = { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 };
  const card = (await deps.messages(req.botId)).card(raid, zero, now, { phase: 'posted' });
  try {
    await db.transaction(async (tx) => {
      const cardId = await deps.notifications.enqueue(tx, {
        botId: req.botId,
        chatId: req.chatId,
        method: 'sendMessage',
        payload: card,
      });
      await tx.query(
        `INSERT INTO raids.raids (id, chat_id, bot_id, post_id, post_url, conversation_id, author_id, author_username, post_text, launched_by,
           targets, duration_minutes, lock_requested, lock_applied, lock_note, saved_permissions, status, started_at, ends_at,
           reward_amount, reward_token, card_outbox_id, card_text, baseline, progress, pool_chain_id, pool_token_address)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,'active',$17,$18,$19,$20,$21,$22,$23,$24,$25,$26)`,
        [raidId, req.chatId, req.botId, post.id, postUrl, post.conversationId ?? post.id, post.authorId, author, post.text, req.adminId,
          JSON.stringify(req.targets), req.durationMinutes, req.lock, raid.lockApplied, raid.lockNote,
          lock?.applied ? JSON.stringify(lock.saved) : null, now, endsAt, pool ? pool.amount.toString() : null, pool?.token ?? null,
          cardId, card.text, JSON.stringify(baseline), JSON.stringify(zero),
          // The asset held, kept with the raid: the payout pays in it even if the chains' list changes.
          pool && asset ? asset.chainId : null, pool && asset ? asset.token : null],
      );
      // The hold rides the launch transaction: a raid is never running without its pool held, and a
      // refused hold (InsufficientFundsError aborts the transaction) leaves no raid behind.
      if (pool && asset && deps.money) {
        await deps.money.ledger.post(tx, {
          idempotencyKey: `launch-hold:${raidId}`,
          kind: 'raid.hold',
          lines: [
            { account: groupBalance, asset, amount: -pool.amount },
            { account: { kind: 'group_pool', owner: raidId }, asset, amount: pool.amount },
          ],
          reference: { raidId, chatId: String(req.chatId), token: pool.token },
          actor: { kind: 'admin', id: String(req.adminId) },
        });
      }
      await deps.history.append(tx, {
        actor: { kind: 'admin', id: String(req.adminId) },
        action: 'raid.launched',
        subject: { kind: 'raid', id: raidId },
        data: {
          chatId: String(req.chatId), postId: post.id, targets: req.targets, durationMinutes: req.durationMinutes,
          lock: req.lock, lockApplied: raid.lockApplied, lockNote: raid.lockNote, baseline,
          pool: pool ? { amount: pool.amount.toString(), token: pool.token } : null,
        },
      });
    });
  } catch (error) {
    if (lock?.applied) await restoreAfterFailedLaunch(deps, { botId: req.botId, chatId: req.chatId, permissions: lock.saved, raidId });
    if (error instanceof InsufficientFundsError && pool) return { ok: false, reason: 'insufficient_balance', token: pool.token, balance: error.balance, wanted: pool.amount };
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { ok: false, reason: 'already_running' };
    throw error;
  }
  // The first tick comes soon: it pins the card once Telegram has given it a message id.
  try {
    await scheduler.schedule({ name: 'tick', raidId }, new Date(now.getTime() + Math.min(2000, deps.tickIntervalMs)), 0);
    await scheduler.schedule({ name: 'end', raidId }, endsAt);
  } catch (error) {
    // The raid is committed and its card queued; without its jobs the sweeper still ends it on time.
    deps.log.error({ err: error, raidId }, 'raid launched but its jobs could not be scheduled');
  }
  deps.log.info({ raidId, chatId: req.chatId, postId: post.id, lock: raid.lockApplied }, 'raid launched');
  return { ok: true, raidId, lockNote: raid.lockNote };
}
