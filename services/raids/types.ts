import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

/** What a raid asks for; the keys are the `/raid` command's. Owned here: validation judges against it. */
export interface RaidTargets {
  replies: number;
  reposts: number;
  likes: number;
  quotes: number;
  bookmarks: number;
}

export type RaidStatus = 'active' | 'ended' | 'validated';
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
  /** Token amount in the token's smallest unit. */
  rewardPool: { amount: bigint; token: string } | null;
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
