import { describe, expect, it } from 'vitest';
import type { ChatMember } from 'grammy/types';
import { adminEntry, diffAdmins, removalReason } from './admins.js';
import { uid } from '../platform/telegram-ids.test-support.js';

const user = (id: number) => ({ id, is_bot: false, first_name: `u${id}` });

describe('admin list', () => {
  it('keeps every can_* right Telegram reports for an administrator', () => {
    const member = { status: 'administrator', user: user(1), can_pin_messages: true, can_restrict_members: false, can_be_edited: false, is_anonymous: false } as unknown as ChatMember;
    expect(adminEntry(member)).toEqual({ userId: uid(1), status: 'administrator', isBot: false, rights: { can_pin_messages: true, can_restrict_members: false, can_be_edited: false } });
  });

  it('does not count plain members as admins', () => {
    expect(adminEntry({ status: 'member', user: user(2) } as ChatMember)).toBeNull();
  });

  it('finds who was added, removed and whose rights changed', () => {
    const a = { userId: uid(1), status: 'creator' as const, isBot: false, rights: {} };
    const b = { userId: uid(2), status: 'administrator' as const, isBot: false, rights: { can_pin_messages: true } };
    const c = { userId: uid(3), status: 'administrator' as const, isBot: false, rights: {} };
    const b2 = { ...b, rights: { can_pin_messages: false } };
    const d = { userId: uid(4), status: 'administrator' as const, isBot: true, rights: {} };
    const diff = diffAdmins([a, b, c], [a, b2, d]);
    expect(diff.added.map((x) => x.userId)).toEqual([4]);
    expect(diff.removed.map((x) => x.userId)).toEqual([3]);
    expect(diff.changed.map((x) => x.userId)).toEqual([2]);
  });

  it('names why someone stopped being an admin', () => {
    expect(removalReason('left')).toBe('left');
    expect(removalReason('kicked')).toBe('banned');
    expect(removalReason('member')).toBe('demoted');
  });
});
