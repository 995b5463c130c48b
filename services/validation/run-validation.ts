// One raid's validation, end to end: read X once, judge with the pure core, then store the outcomes, mark
// the raid validated, append the digest to the history and queue the group's messages in ONE transaction.
// Nothing is written before X has answered everything, so an X outage (XRateLimitedError /
// XUnavailableError, passed up unchanged for the job to reschedule) leaves no verdict behind.
import { systemClock } from '../platform/clock.js';
import { defaultSettings } from '../groups/index.js';
import type { RaidRecord } from '../raids/index.js';
import { DEFAULT_RULES, type FraudRule } from './anti-fraud.js';
import { blacklistFor } from './blacklist-store.js';
import type { ValidationDeps } from './deps.js';
import { DIGEST_VERSION, raidResultDigest } from './digest.js';
import { judgeClaimants } from './judge.js';
import { compareIds } from './order.js';
import { insertOutcomes, insertResult, loadResult, summaryOf, type ValidationSummary } from './outcome-store.js';
import { claimAlive, profilesToRead, readEngagement, readProfiles, type EngagementRead } from './read-engagement.js';
import { groupMessages } from './group-messages.js';
import type { Claimant, RaidInfo } from './types.js';
import { validateRaid } from './validate-raid.js';

export interface RunResult extends ValidationSummary {
  /** True when the raid had been validated before and the stored result was returned. */
  alreadyValidated: boolean;
}

const HOUR_MS = 3_600_000;

const noEngagement = (): EngagementRead => ({
  sets: { replies: { posts: [] }, quotes: { posts: [] }, reposters: { userIds: [] }, likers: { userIds: [] } },
  profiles: new Map(),
  hidden: { likes: false, reposts: false, replies: false },
});

/**
 * account_age flags a claimant whose profile is missing. For claimants with no engagement at all we do not
 * read the profile (they are rejected anyway, and reading would make X requests grow with claimants), so
 * "could not be read" would be untrue for them: the rule is skipped for exactly those accounts.
 */
function skipUnreadProfiles(rules: readonly FraudRule[], unread: ReadonlySet<string>): FraudRule[] {
  return rules.map((rule) =>
    rule.id !== 'account_age'
      ? rule
      : { id: rule.id, prepare: (all, ctx) => { const check = rule.prepare(all, ctx); return (j) => (unread.has(j.claimant.xUserId) ? [] : check(j)); } },
  );
}

export const raidInfoOf = (raid: RaidRecord): RaidInfo => ({
  postId: raid.postId,
  conversationId: raid.conversationId,
  startedAt: raid.startedAt,
  endsAt: raid.endsAt,
  targets: raid.targets,
});

export async function runValidation(deps: ValidationDeps, raidId: string): Promise<RunResult> {
  const { db, x } = deps;
  const clock = deps.clock ?? systemClock;
  const stored = await loadResult(db.manager, raidId);
  if (stored) return { ...stored, alreadyValidated: true };
  const raid = await deps.raids.get(raidId);
  if (!raid) throw new Error(`validation: raid ${raidId} does not exist`);
  if (raid.status !== 'ended') throw new Error(`validation: raid ${raidId} is ${raid.status}, not ended`);

  const purpose = `raid:${raidId}:validation`;
  const settings = (await deps.groups.settings(raid.chatId)) ?? defaultSettings();
  const claimants: Claimant[] = (await deps.raids.claims(raidId)).map((c) => ({
    telegramUserId: String(c.telegramUserId),
    xUserId: c.xUserId,
    xUsername: c.xUsername,
    claimedAt: c.claimedAt,
  }));
  const info = raidInfoOf(raid);

  // No claims, nothing to judge: X is not asked at all.
  let read = noEngagement();
  const unread = new Set<string>();
  if (claimants.length > 0) {
    read = await readEngagement(x, { postId: raid.postId, conversationId: raid.conversationId, startedAt: raid.startedAt, likeCount: raid.progress.likes }, purpose);
    const judgements = judgeClaimants(info, read.sets, claimants);
    await readProfiles(x, profilesToRead(judgements, read.profiles), read.profiles, purpose);
    for (const j of judgements) if (!claimAlive(j) && !read.profiles.has(j.claimant.xUserId)) unread.add(j.claimant.xUserId);
  }

  const earliest = claimants.reduce((min, c) => Math.min(min, c.claimedAt.getTime()), raid.startedAt.getTime());
  const [owners, times, blacklist] = await Promise.all([
    deps.users.xAccountOwners([...new Set(claimants.map((c) => c.xUserId))]),
    deps.raids.claimTimes(claimants.map((c) => Number(c.telegramUserId)), new Date(earliest - HOUR_MS)),
    blacklistFor(db.manager, raid.chatId, claimants),
  ]);

  const result = validateRaid({
    raid: info,
    engagement: read.sets,
    claimants,
    fraud: {
      thresholds: settings.antifraud,
      blacklist,
      profiles: read.profiles,
      xAccountOwners: new Map([...owners].map(([xId, tg]) => [xId, String(tg)])),
      claimHistory: new Map([...times].map(([tg, list]) => [String(tg), list])),
    },
    weights: settings.points,
    rules: skipUnreadProfiles(DEFAULT_RULES, unread),
    ...(raid.rewardPool ? { reward: { pool: raid.rewardPool, split: settings.rewards.split, topN: settings.rewards.topN } } : {}),
  });
  const digest = raidResultDigest({ raidId, postId: raid.postId, outcomes: result.outcomes, reward: result.reward });
  // The raid's whole X bill so far (launch, ticks, this validation), recorded with its result.
  const usage = await x.usage(`raid:${raidId}`);
  const at = clock.now();
  const summary = summaryOf(raidId, raid.chatId, result.counts, result.reward, digest.sha256, usage, at);
  const messages = await groupMessages(deps, raid, result, read.hidden, settings.points.selfReport);

  const done = await db.transaction(async (tx) => {
    // markValidated's row lock makes a second run (a retried job) wait here; the results primary key then
    // decides, because an UPDATE through TypeORM's query() answers [rows, count] and so cannot tell us alone.
    if (!(await deps.raids.markValidated(tx, raidId))) return false;
    if (!(await insertResult(tx, summary))) return false;
    await insertOutcomes(tx, raidId, raid.chatId, at, result.outcomes);
    await deps.history.append(tx, {
      actor: { kind: 'system' },
      action: 'raid.validated',
      subject: { kind: 'raid', id: raidId },
      data: {
        counts: result.counts,
        claimants: result.outcomes.length,
        digest: digest.sha256,
        digestVersion: DIGEST_VERSION,
        reward: result.reward && {
          amount: result.reward.pool.amount.toString(),
          token: result.reward.pool.token,
          split: result.reward.split,
          rule: result.reward.rule,
          remainder: result.reward.remainder.toString(),
          undistributed: result.reward.undistributed.toString(),
        },
        xRequests: usage.requests,
        xCostMicros: usage.costMicros.toString(),
      },
    });
    for (const m of messages) await deps.notifications.enqueue(tx, m);
    return true;
  });
  if (!done) {
    const again = await loadResult(db.manager, raidId);
    if (again) return { ...again, alreadyValidated: true };
    throw new Error(`validation: raid ${raidId} was marked validated without a stored result`);
  }
  return { ...summary, alreadyValidated: false };
}

export const byPoints = (a: { points: number; claimant: { telegramUserId: string } }, b: { points: number; claimant: { telegramUserId: string } }) =>
  b.points - a.points || compareIds(a.claimant.telegramUserId, b.claimant.telegramUserId);
