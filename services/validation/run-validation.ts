// One raid's validation, end to end: read X once, judge with the pure core, then store the outcomes, mark
// the raid validated, append the digest to the history and queue the group's messages in ONE transaction.
// Nothing is written before X has answered everything, so an X outage (XRateLimitedError /
// XUnavailableError, passed up unchanged for the job to reschedule) leaves no verdict behind.
import { defaultSettings } from '../groups/index.js';
import type { RaidRecord } from '../raids/index.js';
import { DEFAULT_RULES, type FraudRule } from './anti-fraud.js';
import { blacklistedClaimants } from './blacklisted.js';
import type { ValidationDeps } from './deps.js';
import { DIGEST_VERSION, raidResultDigest } from './digest.js';
import { judgeClaimants } from './judge.js';
import { DEFAULT_TIMELINE_READS_PER_RAID, planTimelineReads, readRepostTimelines } from './read-timelines.js';
import { acceptedBefore, insertOutcomes, insertResult, loadResult, summaryOf, type ValidationSummary } from './outcome-store.js';
import { profilesToRead, readEngagement, readProfiles, type EngagementRead } from './read-engagement.js';
import { groupMessages, type TimelineNotes } from './group-messages.js';
import { claimBasis, type Claimant, type ClaimantJudgement, type RaidInfo } from './types.js';
import { validateRaid } from './validate-raid.js';
import { poolState } from './pool-state.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

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
 * account_age flags a claimant whose profile is missing. For claims X verified nothing of we do not read the
 * profile (they are rejected, or rest on self-report and wait for an admin; reading would make X requests
 * grow with button presses), so "could not be read" would be untrue for them: the rule is skipped for them.
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
  const { clock } = deps;
  const stored = await loadResult(db.manager, raidId);
  if (stored) return { ...stored, alreadyValidated: true };
  const raid = await deps.raids.get(raidId);
  if (!raid) throw new Error(`validation: raid ${raidId} does not exist`);
  if (raid.status !== 'ended') throw new Error(`validation: raid ${raidId} is ${raid.status}, not ended`);

  const purpose = `raid:${raidId}:validation`;
  const settings = (await deps.groups.settings(raid.chatId)) ?? defaultSettings();
  const claimants: Claimant[] = (await deps.raids.claims(raidId)).map((c) => ({
    telegramUserId: c.telegramUserId,
    xUserId: c.xUserId,
    xUsername: c.xUsername,
    claimedAt: c.claimedAt,
  }));
  const info = raidInfoOf(raid);

  // What the database knows comes first: it says who is rejected whatever X shows, and so whose timeline is
  // not worth an X request.
  const earliest = claimants.reduce((min, c) => Math.min(min, c.claimedAt.getTime()), raid.startedAt.getTime());
  const [ownerIds, times, blacklist, known] = await Promise.all([
    deps.users.xAccountOwners([...new Set(claimants.map((c) => c.xUserId))]),
    deps.raids.claimTimes(claimants.map((c) => c.telegramUserId), new Date(earliest - HOUR_MS)),
    deps.groups.blacklist(raid.chatId).then((entries) => blacklistedClaimants(entries, claimants)),
    acceptedBefore(db.manager, raid.chatId, raidId, claimants.map((c) => c.telegramUserId)),
  ]);
  const banned = { members: new Set(blacklist.telegramUserIds), accounts: new Set(blacklist.xUserIds) };
  const rejectedAnyway = (j: ClaimantJudgement) => {
    const { telegramUserId: tg, xUserId } = j.claimant;
    const owner = ownerIds.get(xUserId);
    return banned.members.has(tg) || banned.accounts.has(xUserId) || (owner !== undefined && owner !== tg);
  };

  // No claims, nothing to judge: X is not asked at all.
  let read = noEngagement();
  let timelines: TimelineNotes = { read: 0, wanted: 0, verified: 0 };
  const unread = new Set<string>();
  if (claimants.length > 0) {
    read = await readEngagement(x, { postId: raid.postId, conversationId: raid.conversationId, startedAt: raid.startedAt, likeCount: raid.progress.likes }, purpose);
    let judgements = judgeClaimants(info, read.sets, claimants);
    const budget = deps.timelineReadsPerRaid ?? DEFAULT_TIMELINE_READS_PER_RAID;
    const plan = planTimelineReads(judgements, raidId, budget, rejectedAnyway, (j) => known.has(j.claimant.telegramUserId));
    if (plan.read.length > 0) {
      read.sets.repostTimelines = await readRepostTimelines(x, plan.read, { postId: raid.postId, since: raid.startedAt, purpose, profiles: read.profiles });
      judgements = judgeClaimants(info, read.sets, claimants);
    }
    const start = raid.startedAt.getTime();
    const verified = (read.sets.repostTimelines ?? []).filter((t) => t.reposts.some((r) => r.at.getTime() >= start)).length;
    timelines = { read: plan.read.length, wanted: plan.wanted, verified };
    await readProfiles(x, profilesToRead(judgements, read.profiles), read.profiles, purpose);
    // Profiles are read only for claims X verified something of; for the others "could not be read" would be untrue.
    for (const j of judgements) if (claimBasis(j.actions) !== 'verified' && !read.profiles.has(j.claimant.xUserId)) unread.add(j.claimant.xUserId);
  }

  const result = validateRaid({
    raid: info,
    engagement: read.sets,
    claimants,
    fraud: {
      thresholds: settings.antifraud,
      blacklist,
      profiles: read.profiles,
      xAccountOwners: ownerIds,
      claimHistory: times,
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
  const messages = await groupMessages(deps, raid, result, {
    hidden: read.hidden,
    timelines,
    points: settings.points,
    selfReportOnly: settings.antifraud.selfReportOnly,
    topN: settings.rewards.topN,
    pool: await poolState(deps, raid),
    reviewHours: settings.rewards.reviewHours,
  });

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
        selfReportOnly: result.selfReportOnly,
        timelineReads: timelines,
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

export const byPoints = (a: { points: number; claimant: { telegramUserId: TelegramUserId } }, b: { points: number; claimant: { telegramUserId: TelegramUserId } }) =>
  b.points - a.points || a.claimant.telegramUserId - b.claimant.telegramUserId;
