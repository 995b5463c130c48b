// Builders for the unit tests of this folder: a raid, engagement and claimants with readable defaults.
// Kept free of vitest so the typecheck covers it; test-only, so the production build leaves it out.
import type { FraudContext, FraudRule, FraudThresholds } from './anti-fraud.js';
import { judgeClaimants } from './judge.js';
import type { RaidTargets } from '../raids/index.js';
import type { Claimant, EngagementPost, EngagementSets, RaidInfo } from './types.js';
import { uid } from '../platform/telegram-ids.test-support.js';

export const T0 = new Date('2026-03-01T12:00:00Z');
export const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

export function raid(targets: Partial<RaidTargets> = {}): RaidInfo {
  return {
    postId: '1000',
    conversationId: '1000',
    startedAt: T0,
    endsAt: minutes(30),
    targets: { replies: 10, reposts: 10, likes: 10, quotes: 10, bookmarks: 0, ...targets },
  };
}

export function post(postId: string, authorId: string, text: string, at: Date = minutes(1)): EngagementPost {
  return { postId, authorId, text, createdAt: at };
}

export function sets(parts: Partial<EngagementSets> = {}): EngagementSets {
  return {
    replies: { posts: [] },
    quotes: { posts: [] },
    reposters: { userIds: [] },
    likers: { userIds: [] },
    ...parts,
  };
}

/** Telegram user `tg`, X account `x<tg>` / `@user<tg>`, claimed a minute after the start unless told. */
export function claimant(tg: string, at: Date = minutes(2), xUserId = `x${tg}`): Claimant {
  return { telegramUserId: uid(tg), xUserId, xUsername: `user${tg}`, claimedAt: at };
}

/** Anti-fraud context with lenient thresholds, so a test turns on only the rule it is about. */
export function context(overrides: Partial<FraudContext> = {}, thresholds: Partial<FraudThresholds> = {}): FraudContext {
  return {
    raid: raid(),
    thresholds: { minAccountAgeDays: 0, minFollowers: 0, minReplyLength: 0, maxClaimsPerHour: 1000, ...thresholds },
    ...overrides,
  };
}

/** Runs one rule over judgements of `claimants` against `engagement`, returning flags per telegram id. */
export function runRule(rule: FraudRule, engagement: EngagementSets, claimants: Claimant[], ctx: FraudContext = context()) {
  const js = judgeClaimants(ctx.raid, engagement, claimants);
  const check = rule.prepare(js, ctx);
  return new Map(js.map((j) => [j.claimant.telegramUserId, check(j)]));
}
