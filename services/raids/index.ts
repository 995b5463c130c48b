import type { ServiceSchema, Tx } from '../platform/database.js';
import { CreateRaids1764000006000 } from './migrations/create-raids-1764000006000.js';
import { RaidUnlockFailures1764000006100 } from './migrations/raid-unlock-failures-1764000006100.js';
import { RaidRestores1764000006200 } from './migrations/raid-restores-1764000006200.js';
import type { RaidsDeps } from './deps.js';
import { activeRaidOf, claimTimes, latestRaidOf, loadClaims, loadRaid, markValidated } from './raid-store.js';
import { createRaidScheduler, type RaidScheduler } from './scheduler.js';
import { launchRaid, type LaunchRequest } from './launch.js';
import { tickRaid } from './tick.js';
import { endRaid } from './end.js';
import { unlockRaid } from './unlock.js';
import { claimRaid } from './claim.js';
import { findLeftBehind } from './sweep.js';
import { retryRestore } from './restore.js';
import type { EndReason } from './types.js';

export type { ClaimRecord, EndReason, RaidProgress, RaidRecord, RaidStatus, RaidTargets } from './types.js';
export type { RaidsDeps, RaidTelegram } from './deps.js';
export type { LaunchRefusal, LaunchRequest, LaunchResult } from './launch.js';
export type { CardRaid, CardState, EndSummary, MessageContent, RaidMessages } from './messages.js';
export type { ClaimResult } from './claim.js';
export type { SweepFindings } from './sweep.js';
export type { RaidJob, RaidJobData } from './scheduler.js';
export { RAIDS_QUEUE } from './scheduler.js';
export { READ_ONLY } from './lock.js';
// The `/raid` command's rules, shared by the command, the guided wizard and (later) the Mini App.
export {
  MAX_TARGET,
  RAID_USAGE,
  parseDuration,
  parsePostUrl,
  parseRaidCommand,
  type PostUrlResult,
  type RaidCommandDefaults,
  type RaidCommandResult,
  type RaidPool,
} from './raid-command.js';

export const raidsSchema: ServiceSchema = { migrations: [CreateRaids1764000006000, RaidUnlockFailures1764000006100, RaidRestores1764000006200] };

async function ensureRaidJobs(deps: RaidsDeps, scheduler: RaidScheduler, raidId: string): Promise<void> {
  const raid = await loadRaid(deps.db.manager, raidId);
  if (!raid || raid.status !== 'active') return;
  // The pending tick carries the tick count as its key (tick.ts); a lost one runs at once.
  await scheduler.schedule({ name: 'tick', raidId }, deps.clock.now(), raid.ticks);
  await scheduler.schedule({ name: 'end', raidId }, raid.endsAt);
}

export function createRaids(deps: RaidsDeps) {
  const { db } = deps;
  const scheduler = createRaidScheduler(deps.redis, deps.prefix, deps.installation, deps.clock, deps.queueName);
  return {
    queueName: scheduler.queueName,
    launch: (req: LaunchRequest) => launchRaid(deps, scheduler, req),
    tick: (raidId: string) => tickRaid(deps, scheduler, raidId),
    end: (raidId: string, reason: EndReason, by?: number) => endRaid(deps, scheduler, raidId, reason, by ? { by } : {}),
    unlock: (raidId: string) => unlockRaid(deps, scheduler, raidId),
    /** Tries again to give back a chat's permissions that a failed launch could not (restore.ts). */
    restore: (restoreId: string) => retryRestore(deps, restoreId),
    claim: (raidId: string, telegramUserId: number, chatId: number | undefined) => claimRaid(deps, raidId, telegramUserId, chatId),
    /** A running raid's tick and end jobs, scheduled again: the same job ids, so a job Redis still has is
     * left as it is, and one Redis lost (a restart: it keeps nothing on disk) is back. */
    ensureJobs: (raidId: string) => ensureRaidJobs(deps, scheduler, raidId),
    /** Raids their jobs left behind (see sweep.ts); the worker role finishes them every minute. */
    leftBehind: () => findLeftBehind(db, deps.clock.now(), deps.validationGraceMs),
    get: (raidId: string) => loadRaid(db.manager, raidId),
    active: (chatId: number) => activeRaidOf(db.manager, chatId),
    latest: (chatId: number) => latestRaidOf(db.manager, chatId),
    claims: (raidId: string) => loadClaims(db.manager, raidId),
    claimTimes: (telegramUserIds: number[], since: Date) => claimTimes(db.manager, telegramUserIds, since),
    markValidated: (tx: Tx, raidId: string) => markValidated(tx, raidId),
    close: () => scheduler.close(),
  };
}

export type Raids = ReturnType<typeof createRaids>;
