// The events the raids service records in history: each action with the subject it is about and its data.
// Ids and token amounts inside data are strings, as they always were in the stored trail (the hash chain
// covers those bytes, and JSON has no exact big integers).
import type { ChatPermissions } from 'grammy/types';
import type { EndReason, RaidProgress, RaidTargets } from './types.js';

type Permissions = ChatPermissions;

export type RaidHistoryEvent =
  | {
      action: 'raid.launched';
      subject: 'raid';
      data: {
        chatId: string; postId: string; targets: RaidTargets; durationMinutes: number;
        lock: boolean; lockApplied: boolean; lockNote: string | null; baseline: RaidProgress;
        pool: { amount: string; token: string } | null;
      };
    }
  | { action: 'raid.claimed'; subject: 'raid'; data: { xUserId: string; xUsername: string } }
  | { action: 'raid.ended'; subject: 'raid'; data: { reason: EndReason; progress: RaidProgress; targets: RaidTargets } }
  // An admin cancelled a running raid; a held pool went back to the group (`postingId`, key payout:<raidId>).
  | {
      action: 'raid.cancelled';
      subject: 'raid';
      data: {
        progress: RaidProgress; targets: RaidTargets;
        pool: { amount: string; token: string; returned: string; postingId: string | null; chainId: number | null; tokenAddress: string | null } | null;
      };
    }
  | { action: 'raid.chat_unlocked'; subject: 'raid'; data: { permissions: Permissions } }
  | { action: 'raid.unlock_failed'; subject: 'raid'; data: { reason: string } }
  // A launch that failed after locking the chat: the permissions to give back, kept on the group's trail.
  | { action: 'raid.restore_failed'; subject: 'group'; data: { raidId: string; reason: string; permissions: Permissions } }
  | { action: 'raid.restore_given_up'; subject: 'group'; data: { raidId: string; reason: string } }
  | { action: 'raid.chat_restored'; subject: 'group'; data: { raidId: string; permissions: Permissions } };
