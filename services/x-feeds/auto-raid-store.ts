// SQL of auto-raids: a group's own account whose new posts open raids, and the posts waiting for theirs.
import type { Tx } from '../platform/database.js';
import { chatId as toChatId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';
import type { RaidTargets } from '../raids/index.js';

export interface AutoRaidConfig {
  chatId: ChatId;
  botId: number;
  xUserId: string;
  username: string;
  /** Also raid the account's replies (not only its posts and quotes). */
  replies: boolean;
  /** A newer post while an auto-raid runs: waits its turn, or replaces the running auto-raid. */
  onNewer: 'wait' | 'replace';
  targets: RaidTargets;
  durationMinutes: number;
  lock: boolean;
  enabledBy: TelegramUserId;
  /** A post older than this never opens a raid. */
  enabledAt: Date;
}

const toConfig = (r: Record<string, unknown>): AutoRaidConfig => ({
  chatId: toChatId(r.chat_id as string),
  botId: Number(r.bot_id),
  xUserId: r.x_user_id as string,
  username: (r.username as string | undefined) ?? '',
  replies: r.replies as boolean,
  onNewer: r.on_newer as 'wait' | 'replace',
  targets: r.targets as RaidTargets,
  durationMinutes: Number(r.duration_minutes),
  lock: r.lock as boolean,
  enabledBy: Number(r.enabled_by) as TelegramUserId,
  enabledAt: r.enabled_at as Date,
});

export async function saveAutoRaid(tx: Tx, c: Omit<AutoRaidConfig, 'username'>): Promise<void> {
  await tx.query(
    `INSERT INTO feeds.auto_raids (chat_id, bot_id, x_user_id, replies, on_newer, targets, duration_minutes, lock, enabled_by, enabled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (chat_id) DO UPDATE SET bot_id = EXCLUDED.bot_id, x_user_id = EXCLUDED.x_user_id, replies = EXCLUDED.replies,
       on_newer = EXCLUDED.on_newer, targets = EXCLUDED.targets, duration_minutes = EXCLUDED.duration_minutes, lock = EXCLUDED.lock,
       enabled_by = EXCLUDED.enabled_by,
       -- Another account, or switched on again: from now. The same account with new options keeps its start.
       enabled_at = CASE WHEN feeds.auto_raids.x_user_id = EXCLUDED.x_user_id THEN feeds.auto_raids.enabled_at ELSE EXCLUDED.enabled_at END`,
    [c.chatId, c.botId, c.xUserId, c.replies, c.onNewer, JSON.stringify(c.targets), c.durationMinutes, c.lock, c.enabledBy, c.enabledAt],
  );
}

export async function deleteAutoRaid(tx: Tx, chatId: ChatId): Promise<AutoRaidConfig | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `WITH gone AS (DELETE FROM feeds.auto_raids WHERE chat_id = $1 RETURNING *) SELECT * FROM gone`,
    [chatId],
  );
  return rows[0] ? toConfig(rows[0]) : null;
}

export async function autoRaidOf(tx: Tx, chatId: ChatId): Promise<AutoRaidConfig | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT r.*, a.username FROM feeds.auto_raids r JOIN feeds.accounts a USING (x_user_id) WHERE r.chat_id = $1`,
    [chatId],
  );
  return rows[0] ? toConfig(rows[0]) : null;
}

export async function autoRaidsOfAccount(tx: Tx, xUserId: string): Promise<AutoRaidConfig[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.auto_raids WHERE x_user_id = $1 ORDER BY chat_id`, [xUserId]);
  return rows.map(toConfig);
}

/** Queues posts for their raid; a post already queued for the group is left as it is. */
export async function queuePosts(tx: Tx, rows: ReadonlyArray<{ chatId: ChatId; postId: string }>, at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted: unknown[] = await tx.query(
    `INSERT INTO feeds.auto_raid_posts (chat_id, post_id, status, queued_at)
     SELECT c, p, 'pending', $3 FROM unnest($1::bigint[], $2::text[]) AS x(c, p)
     ON CONFLICT (chat_id, post_id) DO NOTHING RETURNING 1`,
    [rows.map((r) => r.chatId), rows.map((r) => r.postId), at],
  );
  return inserted.length;
}

export interface QueuedPost {
  postId: string;
  queuedAt: Date;
}

/** The groups with posts waiting for a raid. */
export async function chatsWithPending(tx: Tx, limit: number): Promise<ChatId[]> {
  const rows: Array<{ chat_id: string }> = await tx.query(
    `SELECT DISTINCT chat_id FROM feeds.auto_raid_posts WHERE status = 'pending' ORDER BY chat_id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => toChatId(r.chat_id));
}

/** Oldest post first (ids grow with time). */
export async function pendingOf(tx: Tx, chatId: ChatId): Promise<QueuedPost[]> {
  const rows: Array<{ post_id: string; queued_at: Date }> = await tx.query(
    `SELECT post_id, queued_at FROM feeds.auto_raid_posts WHERE chat_id = $1 AND status = 'pending' ORDER BY length(post_id), post_id`,
    [chatId],
  );
  return rows.map((r) => ({ postId: r.post_id, queuedAt: r.queued_at }));
}

export async function decide(tx: Tx, chatId: ChatId, postIds: readonly string[], status: 'launched' | 'replaced' | 'skipped', at: Date, extra: { raidId?: string; note?: string } = {}): Promise<void> {
  if (postIds.length === 0) return;
  await tx.query(
    `UPDATE feeds.auto_raid_posts SET status = $3, decided_at = $4, raid_id = $5, note = $6
      WHERE chat_id = $1 AND post_id = ANY($2::text[]) AND status = 'pending'`,
    [chatId, postIds, status, at, extra.raidId ?? null, extra.note ?? null],
  );
}

/** Whether the raid was opened by an auto-raid of this group (only those are replaced by a newer post). */
export async function isAutoRaid(tx: Tx, chatId: ChatId, raidId: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(`SELECT 1 FROM feeds.auto_raid_posts WHERE chat_id = $1 AND raid_id = $2 AND status = 'launched'`, [chatId, raidId]);
  return rows.length > 0;
}
