// Splitting a raid's reward pool in exact integers (the token's smallest unit, as bigint). Every rule
// hands out the whole pool or states what is left undistributed, and the remainder of an integer
// division goes to people by a stated, deterministic order, so anyone can recompute the payout.
//
// Remainder order everywhere: largest fractional part first (pro_rata only), then earliest claim, then
// lowest Telegram id. At most one extra unit per person, so the remainder never exceeds the head count.
// top_n boundary: everyone tied on points with the Nth place shares (more than N winners), because the
// points are equal and the claim time is not merit (it measures a button press, not the raid work).
import type { Verdict } from './anti-fraud.js';
import { compareClaims, compareIds } from './order.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export type SplitRule = 'equal' | 'pro_rata' | 'top_n';

export interface RewardPool {
  /** In the token's smallest unit. */
  amount: bigint;
  token: string;
}

export interface RewardCandidate {
  telegramUserId: TelegramUserId;
  verdict: Verdict;
  /** Awarded (integer) points. */
  points: number;
  claimedAt: Date;
}

export interface RewardShare {
  telegramUserId: TelegramUserId;
  amount: bigint;
}

export interface RewardSplit {
  pool: RewardPool;
  split: SplitRule;
  /** One entry per accepted candidate (0 for those who do not qualify), sorted by Telegram id. */
  shares: RewardShare[];
  /** The rule that decided, in words, stored with the result. */
  rule: string;
  /** Units handed out one by one after the integer division. */
  remainder: bigint;
  /** Units nobody received (the whole pool when nobody qualifies). */
  undistributed: bigint;
  /** How many the rule shares the pool among (0 when nobody qualifies). */
  qualifying: number;
  /** Their points together (what pro_rata divides the pool by). */
  totalPoints: number;
  /** top_n: the points of the Nth place, which everyone tied with it shares; null otherwise. */
  cutoffPoints: number | null;
}

const BY_CLAIM = 'earliest claim, then lowest telegram id';

interface Entry {
  c: RewardCandidate;
  amount: bigint;
  frac: bigint;
}

/** Gives one unit each to the first `remainder` entries in the stated order. */
function handOut(entries: Entry[], remainder: bigint): void {
  const order = [...entries].sort((a, b) => (a.frac === b.frac ? compareClaims(a.c, b.c) : a.frac > b.frac ? -1 : 1));
  for (let i = 0n; i < remainder; i++) order[Number(i)]!.amount += 1n;
}

function equalAmong(entries: Entry[], amount: bigint): bigint {
  const n = BigInt(entries.length);
  for (const e of entries) e.amount = amount / n;
  const remainder = amount % n;
  handOut(entries, remainder);
  return remainder;
}

export function splitReward(pool: RewardPool, candidates: readonly RewardCandidate[], split: SplitRule, topN = 10): RewardSplit {
  if (pool.amount < 0n) throw new RangeError('reward pool amount must not be negative');
  const seen = new Set<TelegramUserId>();
  for (const c of candidates) {
    if (seen.has(c.telegramUserId)) throw new Error(`candidate ${c.telegramUserId} appears twice`);
    seen.add(c.telegramUserId);
    if (!Number.isSafeInteger(c.points) || c.points < 0) throw new RangeError(`points of ${c.telegramUserId} must be a non-negative integer`);
  }
  // Flagged claimants wait for an admin: the caller splits again once they are decided.
  const entries: Entry[] = candidates.filter((c) => c.verdict === 'accepted').map((c) => ({ c, amount: 0n, frac: 0n }));
  let qualifying: Entry[];
  let rule: string;
  let remainder = 0n;
  let cutoffPoints: number | null = null;

  if (split === 'equal') {
    qualifying = entries;
    rule = `equal: the pool is divided equally among the ${entries.length} accepted claimants; the leftover units go one each by ${BY_CLAIM}`;
    if (qualifying.length > 0) remainder = equalAmong(qualifying, pool.amount);
  } else if (split === 'pro_rata') {
    qualifying = entries.filter((e) => e.c.points > 0);
    const total = qualifying.reduce((s, e) => s + BigInt(e.c.points), 0n);
    rule = `pro_rata: each accepted claimant gets floor(pool × points / ${total} total points); the leftover units go one each by largest fractional part, then ${BY_CLAIM} (largest-remainder method)`;
    if (total > 0n) {
      let given = 0n;
      for (const e of qualifying) {
        const num = pool.amount * BigInt(e.c.points);
        e.amount = num / total;
        e.frac = num % total;
        given += e.amount;
      }
      remainder = pool.amount - given;
      handOut(qualifying, remainder);
    }
  } else {
    if (!Number.isSafeInteger(topN) || topN < 1) throw new RangeError('top_n needs N >= 1');
    const ranked = entries.filter((e) => e.c.points > 0).sort((a, b) => b.c.points - a.c.points || compareClaims(a.c, b.c));
    const cutoff = ranked[Math.min(topN, ranked.length) - 1]?.c.points;
    qualifying = cutoff === undefined ? [] : ranked.filter((e) => e.c.points >= cutoff);
    cutoffPoints = cutoff ?? null;
    rule = `top_n: the pool is divided equally among the top ${topN} accepted claimants by points (${qualifying.length} winners; everyone tied on points with place ${topN} shares); the leftover units go one each by ${BY_CLAIM}`;
    if (qualifying.length > 0) remainder = equalAmong(qualifying, pool.amount);
  }

  const given = entries.reduce((s, e) => s + e.amount, 0n);
  const undistributed = pool.amount - given;
  if (qualifying.length === 0) rule += '; nobody qualifies, so the pool stays undistributed';
  return {
    pool,
    split,
    shares: entries.map((e) => ({ telegramUserId: e.c.telegramUserId, amount: e.amount })).sort((a, b) => a.telegramUserId - b.telegramUserId),
    rule,
    remainder,
    undistributed,
    qualifying: qualifying.length,
    totalPoints: qualifying.reduce((n, e) => n + e.c.points, 0),
    cutoffPoints,
  };
}
