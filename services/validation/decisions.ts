// What happens to an outcome after validation: an admin accepts or rejects a flagged member, a member
// appeals a rejection (once) and an admin decides the appeal. Each change locks the outcome row, records who
// decided in the history, and tells the group, in one transaction.
import type { Verdict } from './anti-fraud.js';
import type { ValidationDeps } from './deps.js';
import { groupText } from './group-messages.js';
import { loadOutcome, type AppealState, type StoredOutcome } from './outcome-store.js';
import { poolState } from './pool-state.js';
import { cut } from '../platform/graphemes.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export type Decision = 'accept' | 'reject';
export type DecideResult = { ok: true; outcome: StoredOutcome } | { ok: false; reason: 'not_found' | 'not_pending'; outcome?: StoredOutcome };
export type AppealResult = { ok: true; outcome: StoredOutcome } | { ok: false; reason: 'not_found' | 'empty' | 'not_rejected' | 'already_appealed'; outcome?: StoredOutcome };

export const MAX_APPEAL_LENGTH = 500;

/** The appeal as stored and shown: trimmed, and cut between whole characters (never half an emoji). */
export const appealText = (raw: string): string => cut(raw.trim(), MAX_APPEAL_LENGTH);

export async function decide(deps: ValidationDeps, raidId: string, telegramUserId: TelegramUserId, adminId: TelegramUserId, decision: Decision): Promise<DecideResult> {
  const { clock } = deps;
  const raid = await deps.raids.get(raidId);
  if (!raid) return { ok: false, reason: 'not_found' };
  const names = await deps.users.profiles([telegramUserId, adminId]);
  // Read before the decision's transaction: a funded pool still held is split at the payout, which the
  // decision then counts in (service.ts settles right after it).
  const pool = await poolState(deps, raid);
  return deps.db.transaction(async (tx): Promise<DecideResult> => {
    const o = await loadOutcome(tx, raidId, telegramUserId, true);
    if (!o) return { ok: false, reason: 'not_found' };
    // Open for a decision: a flagged verdict nobody decided yet, or a pending appeal.
    const appeal = o.appealState === 'pending';
    if (o.verdict !== 'flagged' && !appeal) return { ok: false, reason: 'not_pending', outcome: o };
    const accept = decision === 'accept';
    const verdict: Verdict = accept ? 'accepted' : 'rejected';
    // Accepting awards what the actions were worth. The reward share: a funded pool still held is split at
    // the payout, with this decision in it; an unfunded pool's shares were fixed at validation (the message
    // says which).
    const points = accept ? o.computedPoints : 0;
    const appealState: AppealState = appeal ? (accept ? 'overturned' : 'upheld') : o.appealState;
    const at = clock.now();
    await tx.query(
      `UPDATE validation.outcomes SET verdict = $3, points = $4, appeal_state = $5, decided_by = $6, decided_at = $7
        WHERE raid_id = $1 AND telegram_user_id = $2`,
      [raidId, telegramUserId, verdict, points, appealState, adminId, at],
    );
    await deps.history.append(tx, {
      actor: { kind: 'admin', id: String(adminId) },
      action: 'raid.claim_decided',
      subject: { kind: 'raid', id: raidId },
      // A string in the event data, as sealed events have it (history-events.ts).
      data: { telegramUserId: String(telegramUserId), decision, from: o.verdict, to: verdict, points, appeal, rewardResplit: false },
    });
    const said = deps.messages(raid.botId).decision({
      raidId,
      member: { telegramUserId, profile: names.get(telegramUserId) },
      admin: { telegramUserId: adminId, profile: names.get(adminId) },
      accepted: accept,
      points,
      appeal,
      hasPool: raid.rewardPool !== null,
      pool,
    });
    await deps.notifications.enqueue(tx, groupText(raid, said, `raid:${raidId}:decided:${telegramUserId}:${appeal ? 'appeal' : 'flag'}`));
    return { ok: true, outcome: { ...o, verdict, points, appealState, decidedBy: adminId, decidedAt: at } };
  });
}

export async function appeal(deps: ValidationDeps, raidId: string, telegramUserId: TelegramUserId, rawText: string): Promise<AppealResult> {
  const { clock } = deps;
  const text = appealText(rawText);
  if (!text) return { ok: false, reason: 'empty' };
  const raid = await deps.raids.get(raidId);
  if (!raid) return { ok: false, reason: 'not_found' };
  const names = await deps.users.profiles([telegramUserId]);
  return deps.db.transaction(async (tx): Promise<AppealResult> => {
    const o = await loadOutcome(tx, raidId, telegramUserId, true);
    if (!o) return { ok: false, reason: 'not_found' };
    if (o.verdict !== 'rejected') return { ok: false, reason: 'not_rejected', outcome: o };
    // Once: an upheld or overturned appeal is final, and a pending one is already in the admins' hands.
    if (o.appealState !== 'none') return { ok: false, reason: 'already_appealed', outcome: o };
    const at = clock.now();
    await tx.query(
      `UPDATE validation.outcomes SET appeal_text = $3, appealed_at = $4, appeal_state = 'pending' WHERE raid_id = $1 AND telegram_user_id = $2`,
      [raidId, telegramUserId, text, at],
    );
    await deps.history.append(tx, {
      actor: { kind: 'user', id: String(telegramUserId) },
      action: 'raid.appealed',
      subject: { kind: 'raid', id: raidId },
      // A string in the event data, as sealed events have it (history-events.ts).
      data: { telegramUserId: String(telegramUserId), text, reasons: o.reasons },
    });
    const said = deps.messages(raid.botId).appeal(raidId, {
      telegramUserId,
      profile: names.get(telegramUserId),
      xUsername: o.claimant.xUsername,
      reasons: o.reasons,
      computedPoints: o.computedPoints,
      appeal: text,
    });
    await deps.notifications.enqueue(tx, groupText(raid, said, `raid:${raidId}:appeal:${telegramUserId}`));
    return { ok: true, outcome: { ...o, appealText: text, appealedAt: at, appealState: 'pending' } };
  });
}
