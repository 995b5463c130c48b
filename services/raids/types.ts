import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import type { Asset } from '../ledger/index.js';

/** What a raid asks for; the keys are the `/raid` command's. Owned here: validation judges against it. */
export interface RaidTargets {
  replies: number;
  reposts: number;
  likes: number;
  quotes: number;
  bookmarks: number;
}

/** 'cancelled': stopped by an admin (cancel.ts): never validated, its held pool back to the group. */
export type RaidStatus = 'active' | 'ended' | 'validated' | 'cancelled';
export type EndReason = 'targets' | 'time' | 'admin';

/** Live counts read from the post's public metrics. */
export interface RaidProgress {
  replies: number;
  reposts: number;
  likes: number;
  quotes: number;
  bookmarks: number;
}

/** A raid as plain data (ids of X as strings; Telegram ids as the branded numbers of platform/telegram-ids.ts). */
export interface RaidRecord {
  id: string;
  chatId: ChatId;
  botId: number;
  postId: string;
  postUrl: string;
  conversationId: string;
  authorId: string | null;
  authorUsername: string | null;
  postText: string;
  launchedBy: TelegramUserId;
  targets: RaidTargets;
  durationMinutes: number;
  lockRequested: boolean;
  lockApplied: boolean;
  /** Why a requested lock was not applied: a code of lock.ts (LOCK_NOTES); raids launched before the codes
   * hold the words themselves. */
  lockNote: string | null;
  status: RaidStatus;
  startedAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  endReason: EndReason | null;
  validateAfter: Date | null;
  /** Token amount in the token's smallest unit. `asset`: the chain and token held at launch (funded pools
   * launched since it was stored); payout pays in it rather than looking the symbol up again. */
  rewardPool: { amount: bigint; token: string; asset?: Asset | null } | null;
  /** When an admin cancelled it (status 'cancelled'), and who. */
  cancelledAt?: Date | null;
  cancelledBy?: TelegramUserId | null;
  /** The ledger posting that gave a cancelled raid's held pool back to the group (`payout:<raidId>`). */
  poolVoidPostingId?: string | null;
  cardMessageId: number | null;
  pinned: boolean;
  progress: RaidProgress;
}

export interface ClaimRecord {
  raidId: string;
  telegramUserId: TelegramUserId;
  xUserId: string;
  xUsername: string;
  claimedAt: Date;
}
