// A member's own outcomes across raids (the Mini App's "my verdicts"), and whether one may be appealed now.
import type { TelegramUserId } from '../platform/telegram-ids.js';
import type { Tx } from '../platform/database.js';
import { OUTCOME_COLUMNS, toOutcome, type StoredOutcome } from './outcome-store.js';

/** The rule appeal() enforces, for showing the way to it: a rejected verdict, never appealed. */
export const canAppeal = (o: Pick<StoredOutcome, 'verdict' | 'appealState'>): boolean => o.verdict === 'rejected' && o.appealState === 'none';

/** The member's outcomes in these raids, by raid id (raids not validated for them are left out). */
export async function outcomesOfMember(tx: Tx, telegramUserId: TelegramUserId, raidIds: readonly string[]): Promise<Map<string, StoredOutcome>> {
  const out = new Map<string, StoredOutcome>();
  if (raidIds.length === 0) return out;
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT ${OUTCOME_COLUMNS} FROM validation.outcomes WHERE telegram_user_id = $1 AND raid_id = ANY($2::bigint[])`,
    [telegramUserId, [...new Set(raidIds)]],
  );
  for (const row of rows) {
    const o = toOutcome(row);
    out.set(o.raidId, o);
  }
  return out;
}
