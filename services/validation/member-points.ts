// One member's accepted points, per group: the same rows and rule as sumPoints (the groups' boards), read
// from the member's side, so the Mini App's "my points" and the leaderboard never disagree.
import { chatId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';
import type { Tx } from '../platform/database.js';

/** Every group the member has a validated claim in, with their accepted points there (0 when none was
 * accepted): all of them, and those validated since `since` as the boards count a period (both in one read:
 * the Mini App asks on every open). */
export async function pointsOfMember(tx: Tx, telegramUserId: TelegramUserId, since: Date | undefined): Promise<Array<{ chatId: ChatId; points: number; pointsSince: number }>> {
  const rows: Array<{ chat_id: string; points: string; points_since: string }> = await tx.query(
    `SELECT chat_id::text AS chat_id,
            coalesce(sum(points) FILTER (WHERE verdict = 'accepted'), 0)::text AS points,
            coalesce(sum(points) FILTER (WHERE verdict = 'accepted' AND ($2::timestamptz IS NULL OR validated_at >= $2)), 0)::text AS points_since
       FROM validation.outcomes
      WHERE telegram_user_id = $1
      GROUP BY chat_id ORDER BY chat_id`,
    [telegramUserId, since ?? null],
  );
  return rows.map((r) => ({ chatId: chatId(r.chat_id), points: Number(r.points), pointsSince: Number(r.points_since) }));
}
