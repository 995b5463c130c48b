// The DB-backed validation service (next to the pure core): runs a raid's validation once, and serves what
// comes after it (admin decisions, appeals, /myraid, the report CSV, leaderboards, the blacklist).
import type { ServiceSchema } from '../platform/database.js';
import { systemClock } from '../platform/clock.js';
import { counter, histogram } from '../platform/metrics.js';
import { XRateLimitedError, XUnavailableError } from '../x/index.js';
import { addToBlacklist, normalizeBlacklistValue, removeFromBlacklist, type BlacklistKind } from './blacklist-store.js';
import { raidReportCsv } from './csv.js';
import { appeal, decide, type AppealResult, type DecideResult, type Decision } from './decisions.js';
import type { ValidationDeps } from './deps.js';
import { CreateValidation1764000007000 } from './migrations/create-validation-1764000007000.js';
import {
  countSelfReportOnly, latestOutcome, latestResultRaid, loadOutcome, loadOutcomes, loadResult, sumPoints,
  type SelfReportOnlyCounts, type StoredOutcome, type ValidationSummary,
} from './outcome-store.js';
import { runValidation, type RunResult } from './run-validation.js';

export const validationSchema: ServiceSchema = { migrations: [CreateValidation1764000007000] };

export type BlacklistChange = { ok: true; changed: boolean; value: string } | { ok: false; error: 'invalid_value' };

export interface Validation {
  /** Validates an ended raid once; a validated raid returns its stored result. X errors propagate unchanged. */
  run(raidId: string): Promise<RunResult>;
  result(raidId: string): Promise<ValidationSummary | null>;
  decide(raidId: string, telegramUserId: number, adminId: number, decision: Decision): Promise<DecideResult>;
  appeal(raidId: string, telegramUserId: number, text: string): Promise<AppealResult>;
  outcomeFor(raidId: string, telegramUserId: number): Promise<StoredOutcome | null>;
  latestOutcomeOf(telegramUserId: number): Promise<StoredOutcome | null>;
  /** The group's most recently validated raid, for /raidreport. */
  latestValidatedRaid(chatId: number): Promise<string | null>;
  /** What became of the raid's claims that rested on self-report alone, as of now. */
  selfReportOnly(raidId: string): Promise<SelfReportOnlyCounts>;
  /** One row per claimant (RAID_REPORT_COLUMNS, csv.ts); null for an unvalidated raid. */
  reportCsv(raidId: string): Promise<string | null>;
  /** Accepted points summed per member; `since` bounds validated_at (a weekly board passes a week ago). */
  pointsLeaderboard(chatId: number, options: { since?: Date; limit: number }): Promise<Array<{ telegramUserId: number; points: number }>>;
  blacklistAdd(chatId: number, kind: BlacklistKind, value: string, adminId: number): Promise<BlacklistChange>;
  blacklistRemove(chatId: number, kind: BlacklistKind, value: string, adminId: number): Promise<BlacklistChange>;
}

export function createValidation(deps: ValidationDeps): Validation {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ service: 'validation' });
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

  async function changeBlacklist(add: boolean, chatId: number, kind: BlacklistKind, raw: string, adminId: number): Promise<BlacklistChange> {
    const value = normalizeBlacklistValue(kind, raw);
    if (value === null) return { ok: false, error: 'invalid_value' };
    return db.transaction(async (tx) => {
      const changed = add ? await addToBlacklist(tx, chatId, kind, value, adminId, clock.now()) : await removeFromBlacklist(tx, chatId, kind, value);
      if (changed) {
        await deps.history.append(tx, {
          actor: { kind: 'admin', id: String(adminId) },
          action: add ? 'group.blacklist_added' : 'group.blacklist_removed',
          subject: { kind: 'group', id: String(chatId) },
          data: { kind, value },
        });
      }
      return { ok: true as const, changed, value };
    });
  }

  return {
    run,
    result: (raidId) => loadResult(db.manager, raidId),
    decide: (raidId, telegramUserId, adminId, decision) => decide(deps, raidId, telegramUserId, adminId, decision),
    appeal: (raidId, telegramUserId, text) => appeal(deps, raidId, telegramUserId, text),
    outcomeFor: (raidId, telegramUserId) => loadOutcome(db.manager, raidId, telegramUserId),
    latestOutcomeOf: (telegramUserId) => latestOutcome(db.manager, telegramUserId),
    latestValidatedRaid: (chatId) => latestResultRaid(db.manager, chatId),
    selfReportOnly: (raidId) => countSelfReportOnly(db.manager, raidId),
    async reportCsv(raidId) {
      if (!(await loadResult(db.manager, raidId))) return null;
      return raidReportCsv(await loadOutcomes(db.manager, raidId));
    },
    pointsLeaderboard: (chatId, { since, limit }) => sumPoints(db.manager, chatId, since, limit),
    blacklistAdd: (chatId, kind, value, adminId) => changeBlacklist(true, chatId, kind, value, adminId),
    blacklistRemove: (chatId, kind, value, adminId) => changeBlacklist(false, chatId, kind, value, adminId),
  };
}
