// Settling a funded pool: the hold placed at launch (`launch-hold:<raidId>`, group_balance -> group_pool) is
// posted once, under `payout:<raidId>`: each accepted claimant's share (reward-split.ts, on the verdicts as
// they stand now, admins' decisions included) to their member_rewards, the rest back to the group, in one
// posting; nobody accepted voids it back to the group whole. The same key for both makes them exclusive.
// It waits while a claimant is still flagged, until the group's review window (rewards.review_hours after
// validation) has passed; then the undecided count as not accepted and are named in the history event.
// A raid an admin cancelled was voided by raids itself, in the cancel (raids/cancel.ts, the same key): it is
// recorded here as 'voided' with that posting, and nothing moves.
// The pool is paid in the asset stored on the raid at launch (raids' poolAsset), so a change of the chains'
// token list between launch and payout cannot pay in another asset.
import { createHash } from 'node:crypto';
import { defaultSettings } from '../groups/index.js';
import { poolAsset } from '../raids/index.js';
import type { PostingLine } from '../ledger/index.js';
import type { ValidationDeps } from './deps.js';
import { canonicalJson, outcomeRecord } from './digest.js';
import { groupText } from './group-messages.js';
import { loadOutcomes, loadResult } from './outcome-store.js';
import { splitReward } from './reward-split.js';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';

export type PayoutResult =
  /** No pool, or money is off (no ledger, or no configured chain lists the token), or the pool was never
   * held (launched while money was off): nothing to settle. */
  | { status: 'unfunded' }
  | { status: 'not_validated' }
  /** Claimants still flagged, inside the review window: call again after a decision or at `until`. */
  | { status: 'waiting'; flagged: number; until: Date }
  | {
      status: 'paid' | 'voided';
      postingId: string;
      /** Each accepted claimant with a share above zero. */
      paid: Array<{ telegramUserId: TelegramUserId; amount: bigint }>;
      /** Back to the group's balance. */
      returned: bigint;
      /** Still flagged when the window passed: counted as not accepted. */
      undecided: TelegramUserId[];
      /** True when an earlier call settled it; this one changed nothing. */
      already: boolean;
    };

const HOUR_MS = 3_600_000;

interface StoredSummary {
  paid: Array<{ telegramUserId: string; amount: string }>;
  returned: string;
  undecided: string[];
}

export async function settlePool(deps: ValidationDeps, raidId: string): Promise<PayoutResult> {
  const { db, money } = deps;
  const raid = await deps.raids.get(raidId);
  if (!raid) throw new Error(`payout: raid ${raidId} does not exist`);
  const pool = raid.rewardPool;
  const asset = pool && money ? poolAsset(pool, money) : null;
  if (!pool || !money || !asset) return { status: 'unfunded' };
  const stored = await loadSettled(deps, raidId);
  if (stored) return stored;
  if (raid.status === 'cancelled') {
    if (!raid.poolVoidPostingId) return { status: 'unfunded' };
    const voided: StoredSummary = { paid: [], returned: pool.amount.toString(), undecided: [] };
    await db.query(
      `INSERT INTO validation.payouts (raid_id, chat_id, status, posting_id, settled_at, summary) VALUES ($1, $2, 'voided', $3, $4, $5) ON CONFLICT (raid_id) DO NOTHING`,
      [raidId, raid.chatId, raid.poolVoidPostingId, raid.cancelledAt ?? deps.clock.now(), JSON.stringify(voided)],
    );
    return (await loadSettled(deps, raidId)) ?? { status: 'unfunded' };
  }
  const result = await loadResult(db.manager, raidId);
  if (!result) return { status: 'not_validated' };

  // A pool launched while money was off was never held: recorded so, once, and never settled.
  const held = await money.ledger.balance({ kind: 'group_pool', owner: raidId }, asset);
  if (held !== pool.amount) {
    deps.log.warn({ raidId, held: held.toString(), pool: pool.amount.toString() }, 'raid pool was not held at launch; it is not paid out');
    await db.query(
      `INSERT INTO validation.payouts (raid_id, chat_id, status, posting_id, settled_at, summary) VALUES ($1, $2, 'unheld', NULL, $3, '{}') ON CONFLICT (raid_id) DO NOTHING`,
      [raidId, raid.chatId, deps.clock.now()],
    );
    return (await loadSettled(deps, raidId)) ?? { status: 'unfunded' };
  }
  const settings = (await deps.groups.settings(raid.chatId)) ?? defaultSettings();
  const outcomes = await loadOutcomes(db.manager, raidId);
  const flagged = outcomes.filter((o) => o.verdict === 'flagged');
  const until = new Date(result.validatedAt.getTime() + settings.rewards.reviewHours * HOUR_MS);
  const now = deps.clock.now();
  if (flagged.length > 0 && now < until) return { status: 'waiting', flagged: flagged.length, until };

  const split = splitReward(
    pool,
    outcomes.map((o) => ({ telegramUserId: o.claimant.telegramUserId, verdict: o.verdict === 'accepted' ? 'accepted' : 'rejected', points: o.points, claimedAt: o.claimant.claimedAt })),
    settings.rewards.split,
    settings.rewards.topN,
  );
  const byMember = new Map(outcomes.map((o) => [o.claimant.telegramUserId, o]));
  // A group that became a supergroup since the launch keeps its balance under the new chat id (migrate).
  const home = (await deps.groups.get?.(raid.chatId))?.migratedToChatId ?? raid.chatId;
  const paid = split.shares.filter((s) => s.amount > 0n);
  const returned = pool.amount - paid.reduce((sum, s) => sum + s.amount, 0n);
  const status = paid.length > 0 ? 'paid' : 'voided';
  const poolAccount = { kind: 'group_pool', owner: raidId } as const;
  const lines: PostingLine[] = [
    { account: poolAccount, asset, amount: -pool.amount },
    ...paid.map((s) => ({ account: { kind: 'member_rewards', owner: String(s.telegramUserId) } as const, asset, amount: s.amount })),
    ...(returned > 0n ? [{ account: { kind: 'group_balance', owner: String(home) } as const, asset, amount: returned }] : []),
  ];
  const undecided = flagged.map((o) => o.claimant.telegramUserId);
  const summary: StoredSummary = {
    paid: paid.map((s) => ({ telegramUserId: String(s.telegramUserId), amount: s.amount.toString() })),
    returned: returned.toString(),
    undecided: undecided.map(String),
  };

  const settled = await db.transaction(async (tx) => {
    // The primary key makes a concurrent settlement wait here and then find it done.
    const claimed: unknown[] = await tx.query(
      `INSERT INTO validation.payouts (raid_id, chat_id, status, posting_id, settled_at, summary) VALUES ($1, $2, $3, NULL, $4, $5)
       ON CONFLICT (raid_id) DO NOTHING RETURNING raid_id`,
      [raidId, raid.chatId, status, now, JSON.stringify(summary)],
    );
    if (claimed.length === 0) return null;
    const posting = await money.ledger.post(tx, {
      idempotencyKey: `payout:${raidId}`,
      kind: status === 'paid' ? 'raid.payout' : 'raid.hold_void',
      lines,
      reference: { raidId, chatId: String(raid.chatId), token: pool.token, resultDigest: result.digest },
    });
    await tx.query(`UPDATE validation.payouts SET posting_id = $2 WHERE raid_id = $1`, [raidId, posting.id]);
    await deps.history.append(tx, {
      actor: { kind: 'system' },
      action: 'raid.pool_settled',
      subject: { kind: 'raid', id: raidId },
      data: {
        status,
        postingId: posting.id,
        chainId: asset.chainId,
        token: asset.token,
        symbol: pool.token,
        amount: pool.amount.toString(),
        returned: returned.toString(),
        split: split.split,
        rule: split.rule,
        resultDigest: result.digest,
        undecided: summary.undecided,
        payouts: paid.map((s) => ({
          telegramUserId: String(s.telegramUserId),
          amount: s.amount.toString(),
          evidence: createHash('sha256').update(canonicalJson(outcomeRecord(byMember.get(s.telegramUserId)!)), 'utf8').digest('hex'),
        })),
      },
    });
    const said = deps.messages(raid.botId).poolSettled({
      raidId, status, token: pool.token, amount: pool.amount, paidMembers: paid.length, returned, undecided: undecided.length, reviewHours: settings.rewards.reviewHours,
    });
    await deps.notifications.enqueue(tx, groupText(raid, said, `raid:${raidId}:pool_settled`));
    return posting.id;
  });
  if (settled === null) return (await loadSettled(deps, raidId)) ?? { status: 'not_validated' };
  deps.log.info({ raidId, status, paid: paid.length, undecided: undecided.length }, 'raid pool settled');
  return { status, postingId: settled, paid: paid.map((s) => ({ telegramUserId: s.telegramUserId, amount: s.amount })), returned, undecided, already: false };
}

async function loadSettled(deps: ValidationDeps, raidId: string): Promise<PayoutResult | null> {
  const rows: Array<{ status: 'paid' | 'voided' | 'unheld'; posting_id: string; summary: StoredSummary }> = await deps.db.query(
    `SELECT status, posting_id::text AS posting_id, summary FROM validation.payouts WHERE raid_id = $1`,
    [raidId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.status === 'unheld') return { status: 'unfunded' };
  const tg = (s: string) => telegramUserId(s);
  return {
    status: row.status,
    postingId: row.posting_id,
    paid: row.summary.paid.map((p) => ({ telegramUserId: tg(p.telegramUserId), amount: BigInt(p.amount) })),
    returned: BigInt(row.summary.returned),
    undecided: row.summary.undecided.map(tg),
    already: true,
  };
}

/** Raids with a pool validated in the last 31 days (longer than the longest review window) and not settled,
 * for the sweep: the review window's end has no job of its own. Older ones (pools from before money was on)
 * are not looked at again. */
export async function unsettledRaids(deps: ValidationDeps, limit = 100): Promise<string[]> {
  const since = new Date(deps.clock.now().getTime() - 31 * 24 * HOUR_MS);
  const rows: Array<{ raid_id: string }> = await deps.db.query(
    `SELECT r.raid_id::text AS raid_id FROM validation.results r
      WHERE r.reward_rule IS NOT NULL AND r.validated_at > $1 AND NOT EXISTS (SELECT 1 FROM validation.payouts p WHERE p.raid_id = r.raid_id)
      ORDER BY r.raid_id LIMIT $2`,
    [since, limit],
  );
  return rows.map((r) => r.raid_id);
}
