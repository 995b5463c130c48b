import type { ServiceSchema, Tx } from '../platform/database.js';
import { CreateRaids1764000006000 } from './migrations/create-raids-1764000006000.js';
import { RaidUnlockFailures1764000006100 } from './migrations/raid-unlock-failures-1764000006100.js';
import { RaidRestores1764000006200 } from './migrations/raid-restores-1764000006200.js';
import { RaidCancelAndPoolAsset1764000015000 } from './migrations/raid-cancel-and-pool-asset-1764000015000.js';
import type { RaidsDeps } from './deps.js';
import { activeRaidOf, claimTimes, latestRaidOf, loadClaims, loadRaid, markValidated, type RaidRow } from './raid-store.js';
import { createRaidScheduler, type RaidScheduler } from './scheduler.js';
import { launchRaid, type LaunchRequest, type LaunchResult } from './launch.js';
import { tickRaid, type TickOutcome } from './tick.js';
import { endRaid } from './end.js';
import { cancelRaid, type CancelResult } from './cancel.js';
import { unlockRaid } from './unlock.js';
import { claimRaid, type ClaimResult } from './claim.js';
import { claimCount, raidPage, type RaidSummary } from './raid-list.js';
import { findLeftBehind, type SweepFindings } from './sweep.js';
import { retryRestore } from './restore.js';
import type { ClaimRecord, EndReason } from './types.js';
import { chatsClaimedIn, claimsOfMember, type ClaimsAfter, type MemberClaim } from './member-claims.js';

export type { ClaimRecord, EndReason, RaidProgress, RaidRecord, RaidStatus, RaidTargets } from './types.js';
export type { RaidMoney, RaidsDeps, RaidTelegram } from './deps.js';
export type { LaunchRefusal, LaunchRequest, LaunchResult } from './launch.js';
export type { CancelResult } from './cancel.js';
export { poolAsset } from './pool-asset.js';
export type { CancelSummary, CardRaid, CardState, EndSummary, MessageContent, RaidMessages } from './messages.js';
export type { ClaimResult } from './claim.js';
export type { RaidSummary } from './raid-list.js';
export type { ClaimsAfter, MemberClaim } from './member-claims.js';
export type { SweepFindings } from './sweep.js';
export type { RaidJob, RaidJobData } from './scheduler.js';
export { RAIDS_QUEUE } from './scheduler.js';
export { READ_ONLY } from './lock.js';
// The `/raid` command's rules, shared by the command, the guided wizard and (later) the Mini App.
export {
  MAX_TARGET,
  parseDuration,
  parsePostUrl,
  parseRaidCommand,
  type PostUrlRefusal,
  type PostUrlResult,
  type RaidCommandDefaults,
  type RaidCommandRefusal,
  type RaidCommandResult,
  type RaidPool,
} from './raid-command.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

export const raidsSchema: ServiceSchema = { migrations: [CreateRaids1764000006000, RaidUnlockFailures1764000006100, RaidRestores1764000006200, RaidCancelAndPoolAsset1764000015000] };

async function ensureRaidJobs(deps: RaidsDeps, scheduler: RaidScheduler, raidId: string): Promise<void> {
  const raid = await loadRaid(deps.db.manager, raidId);
  if (!raid || raid.status !== 'active') return;
  // The pending tick carries the tick count as its key (tick.ts); a lost one runs at once.
  await scheduler.schedule({ name: 'tick', raidId }, deps.clock.now(), raid.ticks);
  await scheduler.schedule({ name: 'end', raidId }, raid.endsAt);
}

/** Raids on X posts launched in groups: launch, the live card's beats, claims, the end and the unlock. */
export interface Raids {
  /** The BullMQ queue of the raid jobs (tick, end, unlock, validate) the worker role runs. */
  queueName: string;
  /** Launches a raid for an admin: checks the post on X, locks the chat if asked, and in one transaction
   * records the raid, its history event and its card in the outbox; then schedules its ticks and its end. */
  launch(req: LaunchRequest): Promise<LaunchResult>;
  /** One beat of a live raid (the tick job): pins the card, reads the post's counts, ends on targets or
   * time, otherwise edits the card when what it shows changed and schedules the next beat. */
  tick(raidId: string): Promise<TickOutcome>;
  /** Ends an active raid once (on targets, on time, or by admin `by`): final card, unpin, summary, unlock,
   * and validation scheduled after the grace period. False when the raid was not active. */
  end(raidId: string, reason: EndReason, by?: TelegramUserId): Promise<boolean>;
  /** An admin (`by`) cancels a running raid: final card, unpin, the group told, unlock; no validation, claims
   * closed, and a held pool back to the group's balance at once (posted under `payout:<raidId>`, so the
   * payout can never move it too). 'not_running' for a raid that is not active. */
  cancel(raidId: string, by: TelegramUserId): Promise<CancelResult>;
  /** Gives the chat back the permissions it had before the raid; a passing failure is retried by a job,
   * a final refusal is recorded and the group told. True when the chat was unlocked now. */
  unlock(raidId: string): Promise<boolean>;
  /** Tries again to give back a chat's permissions that a failed launch could not (restore.ts). */
  restore(restoreId: string): Promise<boolean>;
  /** "I raided": one claim per member per raid, from the raid's own chat (`chatId`, where the button was
   * pressed) by a current member with a linked X account, while the raid runs or within the grace period. */
  claim(raidId: string, telegramUserId: TelegramUserId, chatId: ChatId | undefined): Promise<ClaimResult>;
  /** A running raid's tick and end jobs, scheduled again: the same job ids, so a job Redis still has is
   * left as it is, and one Redis lost (a restart: it keeps nothing on disk) is back. */
  ensureJobs(raidId: string): Promise<void>;
  /** Raids their jobs left behind (see sweep.ts); the worker role finishes them every minute. */
  leftBehind(): Promise<SweepFindings>;
  /** The raid, or null for an unknown id. */
  get(raidId: string): Promise<RaidRow | null>;
  /** The group's running raid, or null. */
  active(chatId: ChatId): Promise<RaidRow | null>;
  /** The group's most recent raid, whatever its state, or null. */
  latest(chatId: ChatId): Promise<RaidRow | null>;
  /** The raid's claims, oldest first. */
  claims(raidId: string): Promise<ClaimRecord[]>;
  /** The group's raids newest first, each with its claim count: those launched before raid `beforeId`
   * (the previous page's last), at most `limit` (the Mini App's raid list). */
  page(chatId: number, options: { beforeId?: string; limit: number }): Promise<RaidSummary[]>;
  /** How many members claimed the raid. */
  claimCount(raidId: string): Promise<number>;
  /** Each member's claim times since `since`, across every raid (validation's claims-per-hour rule). */
  claimTimes(telegramUserIds: TelegramUserId[], since: Date): Promise<Map<TelegramUserId, Date[]>>;
  /** The member's claims across every raid with their raid's group, post and state, newest first (keyset
   * paging: `after` is the previous page's last claim). */
  claimsOfMember(telegramUserId: TelegramUserId, options: { limit: number; after?: ClaimsAfter }): Promise<MemberClaim[]>;
  /** The groups the member claimed a raid in. */
  chatsClaimedIn(telegramUserId: TelegramUserId): Promise<ChatId[]>;
  /** In the caller's transaction: ended -> validated, once. False if the raid was not waiting for validation. */
  markValidated(tx: Tx, raidId: string): Promise<boolean>;
  /** Closes the queue handle (not the Redis connection, which the caller owns). */
  close(): Promise<void>;
}

export function createRaids(deps: RaidsDeps): Raids {
  const { db } = deps;
  const scheduler = createRaidScheduler(deps.redis, deps.prefix, deps.installation, deps.clock, deps.queueName);
  return {
    queueName: scheduler.queueName,
    launch: (req) => launchRaid(deps, scheduler, req),
    tick: (raidId) => tickRaid(deps, scheduler, raidId),
    end: (raidId, reason, by) => endRaid(deps, scheduler, raidId, reason, by ? { by } : {}),
    cancel: (raidId, by) => cancelRaid(deps, scheduler, raidId, by),
    unlock: (raidId) => unlockRaid(deps, scheduler, raidId),
    restore: (restoreId) => retryRestore(deps, restoreId),
    claim: (raidId, telegramUserId, chatId) => claimRaid(deps, raidId, telegramUserId, chatId),
    ensureJobs: (raidId) => ensureRaidJobs(deps, scheduler, raidId),
    leftBehind: () => findLeftBehind(db, deps.clock.now(), deps.validationGraceMs),
    get: (raidId) => loadRaid(db.manager, raidId),
    active: (chatId) => activeRaidOf(db.manager, chatId),
    latest: (chatId) => latestRaidOf(db.manager, chatId),
    claims: (raidId) => loadClaims(db.manager, raidId),
    page: (chatId, options) => raidPage(db.manager, chatId, options),
    claimCount: (raidId) => claimCount(db.manager, raidId),
    claimTimes: (telegramUserIds, since) => claimTimes(db.manager, telegramUserIds, since),
    claimsOfMember: (telegramUserId, options) => claimsOfMember(db.manager, telegramUserId, options),
    chatsClaimedIn: (telegramUserId) => chatsClaimedIn(db.manager, telegramUserId),
    markValidated: (tx, raidId) => markValidated(tx, raidId),
    close: () => scheduler.close(),
  };
}
