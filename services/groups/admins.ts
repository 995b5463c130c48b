import type { ChatMember } from 'grammy/types';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';

export interface AdminEntry {
  userId: TelegramUserId;
  status: 'creator' | 'administrator';
  isBot: boolean;
  rights: Record<string, boolean>;
}

export const isAdminStatus = (status: ChatMember['status']): status is 'creator' | 'administrator' =>
  status === 'creator' || status === 'administrator';

/** In the group now: restricted members count while Telegram still calls them members. */
export const isPresent = (m: ChatMember) =>
  m.status === 'creator' || m.status === 'administrator' || m.status === 'member' || (m.status === 'restricted' && m.is_member);

/** The rights Telegram reports (every `can_*` flag), kept as data so a new flag needs no code change. */
export function adminEntry(member: ChatMember): AdminEntry | null {
  if (!isAdminStatus(member.status)) return null;
  const rights: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(member)) {
    if (key.startsWith('can_') && typeof value === 'boolean') rights[key] = value;
  }
  return { userId: telegramUserId(member.user.id), status: member.status, isBot: member.user.is_bot, rights };
}

export interface AdminDiff {
  added: AdminEntry[];
  removed: AdminEntry[];
  changed: AdminEntry[];
}

const sameRights = (a: AdminEntry, b: AdminEntry) =>
  a.status === b.status && JSON.stringify(Object.entries(a.rights).sort()) === JSON.stringify(Object.entries(b.rights).sort());

/** What changed between the admin list we hold and the one Telegram just gave us. */
export function diffAdmins(current: AdminEntry[], fresh: AdminEntry[]): AdminDiff {
  const before = new Map(current.map((a) => [a.userId, a]));
  const after = new Map(fresh.map((a) => [a.userId, a]));
  return {
    added: fresh.filter((a) => !before.has(a.userId)),
    removed: current.filter((a) => !after.has(a.userId)),
    changed: fresh.filter((a) => {
      const old = before.get(a.userId);
      return old !== undefined && !sameRights(old, a);
    }),
  };
}

/** Why a member stopped being an admin, in the words the history keeps. */
export function removalReason(status: ChatMember['status']): 'demoted' | 'left' | 'banned' {
  if (status === 'left') return 'left';
  if (status === 'kicked') return 'banned';
  return 'demoted';
}
