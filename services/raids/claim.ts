import type { RaidsDeps } from './deps.js';
import { chatId as toChatId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';

export type ClaimResult =
  | { status: 'recorded'; raidId: string }
  | { status: 'already'; raidId: string }
  | { status: 'not_linked' }
  | { status: 'closed' }
  | { status: 'unknown' }
  /** Pressed in another chat than the raid's: the id in a button is only a number anyone can put there. */
  | { status: 'wrong_chat' }
  /** Not in the raid's group now, as Telegram says (never joined, left, or banned). */
  | { status: 'not_member' };

/** "I raided": one claim per member per raid, while the raid runs or within the grace period after it.
 * Only from the raid's own chat and by a current member of its group; a member without a linked X account
 * cannot claim, since there would be nothing to check. `chatId` is where the button was pressed. */
export async function claimRaid(deps: RaidsDeps, raidId: string, telegramUserId: TelegramUserId, chatId: ChatId | undefined): Promise<ClaimResult> {
  if (!/^\d{1,18}$/.test(raidId)) return { status: 'unknown' };
  const raids: Array<{ chat_id: string }> = await deps.db.query(`SELECT chat_id FROM raids.raids WHERE id = $1`, [raidId]);
  if (!raids[0]) return { status: 'unknown' };
  const raidChat = toChatId(raids[0].chat_id);
  if (chatId !== raidChat) return { status: 'wrong_chat' };
  if (!(await deps.groups.isMember(raidChat, telegramUserId))) return { status: 'not_member' };
  const account = await deps.users.xAccountOf(telegramUserId);
  if (!account) return { status: 'not_linked' };
  return deps.db.transaction(async (tx) => {
    const rows: Array<{ open: boolean }> = await tx.query(
      `SELECT (status = 'active' OR (status = 'ended' AND validate_after > $2)) AS open FROM raids.raids WHERE id = $1`,
      [raidId, deps.clock.now()],
    );
    if (!rows[0]) return { status: 'unknown' } as const;
    if (!rows[0].open) return { status: 'closed' } as const;
    const inserted: unknown[] = await tx.query(
      `INSERT INTO raids.claims (raid_id, telegram_user_id, x_user_id, x_username, claimed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (raid_id, telegram_user_id) DO NOTHING RETURNING raid_id`,
      [raidId, telegramUserId, account.xUserId, account.username, deps.clock.now()],
    );
    if (!inserted.length) return { status: 'already', raidId } as const;
    await deps.history.append(tx, {
      actor: { kind: 'user', id: String(telegramUserId) },
      action: 'raid.claimed',
      subject: { kind: 'raid', id: raidId },
      data: { xUserId: account.xUserId, xUsername: account.username },
    });
    return { status: 'recorded', raidId } as const;
  });
}
