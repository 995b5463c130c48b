import type { RaidsDeps } from './deps.js';
import type { RaidScheduler } from './scheduler.js';
import type { RaidProgress, RaidTargets } from './types.js';
import { cardKeyboard, renderCard } from './card.js';
import { lockChat, type LockResult } from './lock.js';
import { parsePool } from '../platform/token-amounts.js';

export interface LaunchRequest {
  chatId: number;
  botId: number;
  adminId: number;
  postId: string;
  targets: RaidTargets;
  durationMinutes: number;
  lock: boolean;
  pool?: { amount: string; token?: string };
}

export type LaunchResult = { ok: true; raidId: string; lockNote: string | null } | { ok: false; error: string };

const UNIQUE_VIOLATION = '23505';

/** Launches a raid for an admin: checks the post on X, locks the chat if asked, and in one transaction
 * records the raid, its history event and its card in the outbox; then schedules its ticks and its end. */
export async function launchRaid(deps: RaidsDeps, scheduler: RaidScheduler, req: LaunchRequest): Promise<LaunchResult> {
  const { db, clock } = deps;
  if (!deps.x) return { ok: false, error: 'X is not configured on this deployment (X_BEARER_TOKEN), so I cannot follow posts.' };
  const group = await deps.groups.get(req.chatId);
  if (!group?.active) return { ok: false, error: 'This group is not set up yet: add me again, or try /settings first.' };
  const active: unknown[] = await db.query(`SELECT 1 FROM raids.raids WHERE chat_id = $1 AND status = 'active'`, [req.chatId]);
  if (active.length) return { ok: false, error: 'A raid is already running here. End it with /endraid before launching another.' };
  let pool: { amount: bigint; token: string } | null = null;
  if (req.pool) {
    const parsed = parsePool(req.pool.amount, req.pool.token);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    pool = { amount: parsed.amount, token: parsed.token };
  }

  // The id comes first so the X read that checks the post is booked to this raid's cost.
  const [{ id: raidId }] = (await db.query(`SELECT nextval(pg_get_serial_sequence('raids.raids', 'id'))::text AS id`)) as [{ id: string }];
  let post;
  try {
    post = await deps.x.getPost(req.postId, { purpose: `raid:${raidId}:launch` });
  } catch (error) {
    deps.log.warn({ err: error, postId: req.postId }, 'raid launch: X did not answer');
    return { ok: false, error: 'X is not answering right now; please try again in a minute.' };
  }
  if (!post) return { ok: false, error: `I cannot find post ${req.postId} on X. Check the link (is the post public and not deleted?).` };

  // A chat an earlier raid has not given back yet would be saved as read-only, and restored to read-only.
  const stillLocked: unknown[] = req.lock
    ? await db.query(`SELECT 1 FROM raids.raids WHERE chat_id = $1 AND lock_applied AND unlocked_at IS NULL`, [req.chatId])
    : [];
  const lock: LockResult | null = !req.lock
    ? null
    : stillLocked.length
      ? { applied: false, note: 'an earlier raid has not given the chat its permissions back yet' }
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
  const text = renderCard(raid, zero, now);
  try {
    await db.transaction(async (tx) => {
      const cardId = await deps.notifications.enqueue(tx, {
        botId: req.botId,
        chatId: req.chatId,
        method: 'sendMessage',
        payload: { text, parse_mode: 'HTML', link_preview_options: { url: postUrl, prefer_large_media: true }, reply_markup: cardKeyboard(raid, true) },
      });
      await tx.query(
        `INSERT INTO raids.raids (id, chat_id, bot_id, post_id, post_url, conversation_id, author_id, author_username, post_text, launched_by,
           targets, duration_minutes, lock_requested, lock_applied, lock_note, saved_permissions, status, started_at, ends_at,
           reward_amount, reward_token, card_outbox_id, card_text, baseline, progress)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,'active',$17,$18,$19,$20,$21,$22,$23,$24)`,
        [raidId, req.chatId, req.botId, post.id, postUrl, post.conversationId ?? post.id, post.authorId, author, post.text, req.adminId,
          JSON.stringify(req.targets), req.durationMinutes, req.lock, raid.lockApplied, raid.lockNote,
          lock?.applied ? JSON.stringify(lock.saved) : null, now, endsAt, pool ? pool.amount.toString() : null, pool?.token ?? null,
          cardId, text, JSON.stringify(baseline), JSON.stringify(zero)],
      );
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
    if (lock?.applied) await deps.telegram.setChatPermissions(req.botId, req.chatId, lock.saved).catch(() => undefined);
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      return { ok: false, error: 'A raid is already running here. End it with /endraid before launching another.' };
    }
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
