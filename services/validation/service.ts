// The DB-backed validation service (next to the pure core): runs a raid's validation once, and serves what
// comes after it (admin decisions, appeals, /myraid, the report CSV, leaderboards' points).
import type { ServiceSchema } from '../platform/database.js';
import { counter, histogram } from '../platform/metrics.js';
import { XRateLimitedError, XUnavailableError } from '../x/index.js';
import { claimantResults, type ClaimantResults } from './claimant-results.js';
import { raidReportCsv } from './csv.js';
import { appeal, decide, type AppealResult, type DecideResult, type Decision } from './decisions.js';
import type { ValidationDeps } from './deps.js';
import { CreateValidation1764000007000 } from './migrations/create-validation-1764000007000.js';
import { DropMovedBlacklist1764000007100 } from './migrations/drop-moved-blacklist-1764000007100.js';
import { CreatePayouts1764000007200 } from './migrations/create-payouts-1764000007200.js';
import {
  countSelfReportOnly, latestOutcome, latestResultRaid, loadOutcome, loadOutcomes, loadResult, sumPoints,
  type SelfReportOnlyCounts, type StoredOutcome, type ValidationSummary,
} from './outcome-store.js';
import { runValidation, type RunResult } from './run-validation.js';
import { settlePool, unsettledRaids, type PayoutResult } from './payout.js';
import { outcomesOfMember } from './member-outcomes.js';
import { pointsOfMember } from './member-points.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

export const validationSchema: ServiceSchema = { migrations: [CreateValidation1764000007000, DropMovedBlacklist1764000007100, CreatePayouts1764000007200] };

export interface Validation {
  /** Validates an ended raid once; a validated raid returns its stored result. X errors propagate unchanged. */
  run(raidId: string): Promise<RunResult>;
  /** Settles a validated raid's funded pool once: pays each accepted claimant's share and returns the rest
   * to the group, or voids the hold when nobody was accepted; waits (answers 'waiting') while a claimant is
   * flagged inside the group's review window. 'unfunded' when the raid has no pool or money is off. */
  payout(raidId: string): Promise<PayoutResult>;
  /** Settles every funded raid whose payout is due (the sweep: review windows end without a job). */
  settleDuePayouts(): Promise<void>;
  /** The stored result of a validated raid (counts, points, X cost), or null before its validation. */
  result(raidId: string): Promise<ValidationSummary | null>;
  /** An admin accepts or rejects a member's outcome (a review or an appeal), with history. */
  decide(raidId: string, telegramUserId: TelegramUserId, adminId: TelegramUserId, decision: Decision): Promise<DecideResult>;
  /** A member contests a rejected outcome, once; it waits for an admin's decision. */
  appeal(raidId: string, telegramUserId: TelegramUserId, text: string): Promise<AppealResult>;
  /** The member's stored outcome in the raid (for /myraid), or null. */
  outcomeFor(raidId: string, telegramUserId: TelegramUserId): Promise<StoredOutcome | null>;
  /** The member's outcome in the last raid validated for them, or null. */
  latestOutcomeOf(telegramUserId: TelegramUserId): Promise<StoredOutcome | null>;
  /** The group's most recently validated raid, for /raidreport. */
  latestValidatedRaid(chatId: ChatId): Promise<string | null>;
  /** What became of the raid's claims that rested on self-report alone, as of now. */
  selfReportOnly(raidId: string): Promise<SelfReportOnlyCounts>;
  /** Every claimant of the raid with their verdict now, each action's evidence and reasons, and the
   * admin's decision; before validation the claims so far, pending. Null for an unknown raid (the Mini App's
   * results page). */
  claimantResults(raidId: string): Promise<ClaimantResults | null>;
  /** One row per claimant (RAID_REPORT_COLUMNS, csv.ts); null for an unvalidated raid. */
  reportCsv(raidId: string): Promise<string | null>;
  /** Accepted points summed per member, most first; `since` bounds validated_at. The leaderboards service
   * ranks these: the points stay validation's records, read only through here. */
  pointsByMember(chatId: ChatId, options: { since?: Date; limit: number }): Promise<Array<{ telegramUserId: TelegramUserId; points: number }>>;
  /** One member's accepted points in every group they have a validated claim in (0 where none was
   * accepted), by the same rule as pointsByMember: all time, and `pointsSince` those validated since `since`. */
  pointsOfMember(telegramUserId: TelegramUserId, options?: { since?: Date }): Promise<Array<{ chatId: ChatId; points: number; pointsSince: number }>>;
  /** The member's stored outcomes in these raids, by raid id (the Mini App's verdicts; see canAppeal). */
  outcomesOfMember(telegramUserId: TelegramUserId, raidIds: readonly string[]): Promise<Map<string, StoredOutcome>>;
}

export function createValidation(deps: ValidationDeps): Validation {
  const { db, log } = deps;
  const runs = counter(deps.metrics, 'warhorn_validation_runs_total', 'Raid validations by outcome.', ['outcome']);
  const seconds = histogram(deps.metrics, 'warhorn_validation_seconds', 'Time to validate one raid (X reads included).', [], [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120]);

  async function run(raidId: string): Promise<RunResult> {
    const end = seconds.startTimer();
    try {
      const result = await runValidation(deps, raidId);
      runs.inc({ outcome: result.alreadyValidated ? 'already' : 'validated' });
      if (!result.alreadyValidated) log.info({ raidId, counts: result.counts, xRequests: result.xRequests, xCostMicros: result.xCostMicros.toString() }, 'raid validated');
      return result;
    } catch (error) {
      const rescheduled = error instanceof XRateLimitedError || error instanceof XUnavailableError;
      runs.inc({ outcome: rescheduled ? 'rescheduled' : 'failed' });
      // Rescheduling is routine (X said "later"); anything else is a bug or an outage worth a look.
      if (rescheduled) log.warn({ raidId, err: error.message }, 'raid validation waits for X');
      else log.error({ raidId, err: error }, 'raid validation failed');
      throw error;
    } finally {
      end();
    }
  }

  return {
    run,
    payout: (raidId) => settlePool(deps, raidId),
    async settleDuePayouts() {
      if (!deps.money) return;
      for (const raidId of await unsettledRaids(deps)) {
        // One raid's trouble (a pool held before money was on has no hold to post) must not stop the others.
        await settlePool(deps, raidId).catch((error: unknown) => log.warn({ raidId, err: error }, 'raid pool could not be settled; next sweep tries again'));
      }
    },
    result: (raidId) => loadResult(db.manager, raidId),
    async decide(raidId, telegramUserId, adminId, decision) {
      const decided = await decide(deps, raidId, telegramUserId, adminId, decision);
      // The last flagged claimant decided may release the pool; a failure here waits for the sweep.
      if (decided.ok && deps.money) await settlePool(deps, raidId).catch((error: unknown) => log.warn({ raidId, err: error }, 'raid pool could not be settled after a decision; the sweep tries again'));
      return decided;
    },
    appeal: (raidId, telegramUserId, text) => appeal(deps, raidId, telegramUserId, text),
    outcomeFor: (raidId, telegramUserId) => loadOutcome(db.manager, raidId, telegramUserId),
    latestOutcomeOf: (telegramUserId) => latestOutcome(db.manager, telegramUserId),
    latestValidatedRaid: (chatId) => latestResultRaid(db.manager, chatId),
    selfReportOnly: (raidId) => countSelfReportOnly(db.manager, raidId),
    claimantResults: (raidId) => claimantResults(deps, raidId),
    async reportCsv(raidId) {
      if (!(await loadResult(db.manager, raidId))) return null;
      return raidReportCsv(await loadOutcomes(db.manager, raidId));
    },
    pointsByMember: (chatId, { since, limit }) => sumPoints(db.manager, chatId, since, limit),
    pointsOfMember: (telegramUserId, options = {}) => pointsOfMember(db.manager, telegramUserId, options.since),
    outcomesOfMember: (telegramUserId, raidIds) => outcomesOfMember(db.manager, telegramUserId, raidIds),
  };
}
