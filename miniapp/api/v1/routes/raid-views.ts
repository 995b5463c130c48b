import { z } from 'zod';
import type { RaidRecord } from '../../../../services/raids/index.js';
import { decimalsOf } from '../../../../services/platform/token-amounts.js';
import { money } from '../schemas.js';

// How a raid is shown by the raid routes: one list row, one detail view, both from the raids service's record.

const counts = z.object({
  replies: z.number().int(),
  reposts: z.number().int(),
  likes: z.number().int(),
  quotes: z.number().int(),
  bookmarks: z.number().int(),
});

const raidStatus = z.enum(['active', 'ended', 'validated', 'cancelled']);
const iso = z.iso.datetime();

export const raidListItem = z.object({
  id: z.string(),
  status: raidStatus,
  postUrl: z.string(),
  targets: counts,
  progress: counts,
  startedAt: iso,
  endsAt: iso,
  endedAt: iso.nullable(),
  endReason: z.enum(['targets', 'time', 'admin']).nullable(),
  claimCount: z.number().int(),
  pool: money.nullable(),
});

export const raidDetail = raidListItem.extend({
  chatId: z.number().int(),
  postText: z.string(),
  /** Seconds until the raid ends on time; 0 once it ended. */
  timeLeftS: z.number().int(),
  lock: z.object({
    requested: z.boolean(),
    applied: z.boolean(),
    /** Why a requested lock was not applied: a code of the raids service (e.g. bot_cannot_restrict). */
    note: z.string().nullable(),
  }),
});

export const poolOf = (raid: Pick<RaidRecord, 'rewardPool'>): z.infer<typeof money> | null =>
  raid.rewardPool && { amount: raid.rewardPool.amount.toString(), decimals: decimalsOf(raid.rewardPool.token), token: raid.rewardPool.token };

export function raidListView(raid: RaidRecord, claimCount: number): z.infer<typeof raidListItem> {
  return {
    id: raid.id,
    status: raid.status,
    postUrl: raid.postUrl,
    targets: raid.targets,
    progress: raid.progress,
    startedAt: raid.startedAt.toISOString(),
    endsAt: raid.endsAt.toISOString(),
    endedAt: raid.endedAt?.toISOString() ?? null,
    endReason: raid.endReason,
    claimCount,
    pool: poolOf(raid),
  };
}

export function raidDetailView(raid: RaidRecord, claimCount: number, now: Date): z.infer<typeof raidDetail> {
  const left = raid.status === 'active' ? Math.max(0, Math.ceil((raid.endsAt.getTime() - now.getTime()) / 1000)) : 0;
  return {
    ...raidListView(raid, claimCount),
    chatId: raid.chatId,
    postText: raid.postText,
    timeLeftS: left,
    lock: { requested: raid.lockRequested, applied: raid.lockApplied, note: raid.lockNote },
  };
}
