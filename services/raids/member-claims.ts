// One member's claims across raids and groups, newest first (the Mini App's "my verdicts"), and the groups
// they claimed in (a claim shows they are a member there). Read by the claims index on (member, time).
import { chatId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';
import type { Tx } from '../platform/database.js';
import type { ClaimRecord, RaidRecord } from './types.js';

export interface MemberClaim extends ClaimRecord {
  chatId: ChatId;
  postUrl: string;
  raidStatus: RaidRecord['status'];
}

/** Where a page of claims goes on from: the last claim of the previous page. */
export interface ClaimsAfter {
  claimedAt: Date;
  raidId: string;
}

export async function claimsOfMember(tx: Tx, telegramUserId: TelegramUserId, o: { limit: number; after?: ClaimsAfter }): Promise<MemberClaim[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT c.raid_id::text AS raid_id, c.x_user_id, c.x_username, c.claimed_at, r.chat_id, r.post_url, r.status
       FROM raids.claims c JOIN raids.raids r ON r.id = c.raid_id
      WHERE c.telegram_user_id = $1
        AND ($2::timestamptz IS NULL OR (c.claimed_at, c.raid_id) < ($2::timestamptz, $3::bigint))
      ORDER BY c.claimed_at DESC, c.raid_id DESC
      LIMIT $4`,
    [telegramUserId, o.after?.claimedAt ?? null, o.after?.raidId ?? null, o.limit],
  );
  return rows.map((r) => ({
    raidId: r.raid_id as string,
    telegramUserId,
    xUserId: r.x_user_id as string,
    xUsername: r.x_username as string,
    claimedAt: r.claimed_at as Date,
    chatId: chatId(r.chat_id as string),
    postUrl: r.post_url as string,
    raidStatus: r.status as RaidRecord['status'],
  }));
}

export async function chatsClaimedIn(tx: Tx, telegramUserId: TelegramUserId): Promise<ChatId[]> {
  const rows: Array<{ chat_id: string }> = await tx.query(
    `SELECT DISTINCT r.chat_id::text AS chat_id FROM raids.claims c JOIN raids.raids r ON r.id = c.raid_id WHERE c.telegram_user_id = $1 ORDER BY 1`,
    [telegramUserId],
  );
  return rows.map((r) => chatId(r.chat_id));
}
