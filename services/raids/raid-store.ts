import { affectedRows, type Tx } from '../platform/database.js';
import type { ClaimRecord, RaidProgress, RaidRecord } from './types.js';
import { chatId, telegramUserId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';

/** A raid with the bookkeeping only this service needs. */
export interface RaidRow extends RaidRecord {
  baseline: RaidProgress;
  ticks: number;
  cardOutboxId: string | null;
  cardText: string | null;
  savedPermissions: Record<string, boolean> | null;
}

export const RAID_COLUMNS = `id::text AS id, chat_id, bot_id, post_id, post_url, conversation_id, author_id, author_username, post_text,
  launched_by, targets, duration_minutes, lock_requested, lock_applied, lock_note, status, started_at, ends_at, ended_at,
  end_reason, validate_after, reward_amount::text AS reward_amount, reward_token, card_message_id, pinned, progress,
  baseline, ticks, card_outbox_id::text AS card_outbox_id, card_text, saved_permissions, cancelled_at, cancelled_by,
  pool_void_posting_id::text AS pool_void_posting_id, pool_chain_id, pool_token_address`;

export const EMPTY_PROGRESS: RaidProgress = { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 };

export function toRaid(r: Record<string, unknown>): RaidRow {
  return {
    id: r.id as string,
    chatId: chatId(r.chat_id as string),
    botId: Number(r.bot_id),
    postId: r.post_id as string,
    postUrl: r.post_url as string,
    conversationId: r.conversation_id as string,
    authorId: (r.author_id as string | null) ?? null,
    authorUsername: (r.author_username as string | null) ?? null,
    postText: r.post_text as string,
    launchedBy: telegramUserId(r.launched_by as string),
    targets: r.targets as RaidRecord['targets'],
    durationMinutes: r.duration_minutes as number,
    lockRequested: r.lock_requested as boolean,
    lockApplied: r.lock_applied as boolean,
    lockNote: (r.lock_note as string | null) ?? null,
    status: r.status as RaidRecord['status'],
    startedAt: r.started_at as Date,
    endsAt: r.ends_at as Date,
    endedAt: (r.ended_at as Date | null) ?? null,
    endReason: (r.end_reason as RaidRecord['endReason']) ?? null,
    validateAfter: (r.validate_after as Date | null) ?? null,
    rewardPool: r.reward_amount === null
      ? null
      : {
          amount: BigInt(r.reward_amount as string),
          token: r.reward_token as string,
          asset: r.pool_chain_id === null || r.pool_chain_id === undefined ? null : { chainId: Number(r.pool_chain_id), token: r.pool_token_address as string },
        },
    cancelledAt: (r.cancelled_at as Date | null) ?? null,
    cancelledBy: r.cancelled_by === null || r.cancelled_by === undefined ? null : telegramUserId(r.cancelled_by as string),
    poolVoidPostingId: (r.pool_void_posting_id as string | null) ?? null,
    cardMessageId: r.card_message_id === null ? null : Number(r.card_message_id),
    pinned: r.pinned as boolean,
    progress: { ...EMPTY_PROGRESS, ...(r.progress as Partial<RaidProgress>) },
    baseline: { ...EMPTY_PROGRESS, ...(r.baseline as Partial<RaidProgress>) },
    ticks: r.ticks as number,
    cardOutboxId: (r.card_outbox_id as string | null) ?? null,
    cardText: (r.card_text as string | null) ?? null,
    savedPermissions: (r.saved_permissions as Record<string, boolean> | null) ?? null,
  };
}

export async function loadRaid(tx: Tx, raidId: string, lock = false): Promise<RaidRow | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT ${RAID_COLUMNS} FROM raids.raids WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [raidId]);
  return rows[0] ? toRaid(rows[0]) : null;
}

export async function activeRaidOf(tx: Tx, chatId: ChatId): Promise<RaidRow | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT ${RAID_COLUMNS} FROM raids.raids WHERE chat_id = $1 AND status = 'active'`, [chatId]);
  return rows[0] ? toRaid(rows[0]) : null;
}

export async function latestRaidOf(tx: Tx, chatId: ChatId): Promise<RaidRow | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT ${RAID_COLUMNS} FROM raids.raids WHERE chat_id = $1 ORDER BY id DESC LIMIT 1`, [chatId]);
  return rows[0] ? toRaid(rows[0]) : null;
}

export async function loadClaims(tx: Tx, raidId: string): Promise<ClaimRecord[]> {
  const rows: Array<{ telegram_user_id: string; x_user_id: string; x_username: string; claimed_at: Date }> = await tx.query(
    `SELECT telegram_user_id, x_user_id, x_username, claimed_at FROM raids.claims WHERE raid_id = $1 ORDER BY claimed_at, telegram_user_id`,
    [raidId],
  );
  return rows.map((r) => ({ raidId, telegramUserId: telegramUserId(r.telegram_user_id), xUserId: r.x_user_id, xUsername: r.x_username, claimedAt: r.claimed_at }));
}

/** Each member's claim times since `since`, across every raid (the claims-per-hour rule). */
export async function claimTimes(tx: Tx, telegramUserIds: TelegramUserId[], since: Date): Promise<Map<TelegramUserId, Date[]>> {
  const rows: Array<{ telegram_user_id: string; claimed_at: Date }> = await tx.query(
    `SELECT telegram_user_id, claimed_at FROM raids.claims WHERE telegram_user_id = ANY($1::bigint[]) AND claimed_at >= $2 ORDER BY claimed_at`,
    [telegramUserIds, since],
  );
  const out = new Map<TelegramUserId, Date[]>();
  for (const r of rows) {
    const id = telegramUserId(r.telegram_user_id);
    out.set(id, [...(out.get(id) ?? []), r.claimed_at]);
  }
  return out;
}

/** ended → validated, once. Returns false if the raid was not waiting for validation. */
export async function markValidated(tx: Tx, raidId: string): Promise<boolean> {
  return (await affectedRows(tx, `UPDATE raids.raids SET status = 'validated' WHERE id = $1 AND status = 'ended'`, [raidId])) > 0;
}
