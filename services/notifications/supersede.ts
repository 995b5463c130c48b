import { affectedRows, type Tx } from '../platform/database.js';
import type { Clock } from '../platform/clock.js';

/** Marks the bot's still-pending messages whose dedupe key starts with `keyPrefix` as superseded, in the
 * caller's transaction: a newer message replaces them (a raid card's final state replaces its pending progress
 * edits, which would otherwise still be sent, in order, before it: stale edits nobody needs to see).
 * A superseded message no longer holds its chat's later messages back. One already being sent is not
 * stopped; the worker re-reads the row and skips any that is not pending. */
export async function supersedePending(tx: Tx, clock: Clock, botId: number, keyPrefix: string): Promise<number> {
  const pattern = `${keyPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return affectedRows(
    tx,
    `UPDATE notifications.outbox SET state = 'superseded', finished_at = $3, last_error = 'superseded by a newer message'
      WHERE bot_id = $1 AND state = 'pending' AND dedupe_key LIKE $2`,
    [botId, pattern, clock.now()],
  );
}
