import { describe, expect, it } from 'vitest';
import { claimant, context, runRule, sets } from '../fixtures.test-support.js';
import { blacklistRule, sharedAccountRule } from './identity.js';
import { uid } from '../../platform/telegram-ids.test-support.js';

describe('blacklistRule', () => {
  it('rejects a blacklisted member and a blacklisted X account, each with its reason', () => {
    const ctx = context({ blacklist: { telegramUserIds: [uid(1)], xUserIds: ['x1', 'x3'] } });
    const out = runRule(blacklistRule, sets(), [claimant('1'), claimant('2'), claimant('3')], ctx);
    expect(out.get(uid(1))?.map((f) => f.reason)).toEqual(['member is blacklisted in this group', 'X account @user1 is blacklisted in this group']);
    expect(out.get(uid(2))).toEqual([]);
    expect(out.get(uid(3))?.[0]?.severity).toBe('reject');
  });
});

describe('sharedAccountRule', () => {
  it('rejects a member claiming with an X account verified by another member', () => {
    const ctx = context({ xAccountOwners: new Map([['xA', uid(1)]]) });
    const out = runRule(sharedAccountRule, sets(), [claimant('1', undefined, 'xA'), claimant('2', undefined, 'xA')], ctx);
    expect(out.get(uid(1))).toEqual([]);
    expect(out.get(uid(2))).toEqual([{ rule: 'shared_account', severity: 'reject', reason: 'X account @user2 is linked to another member (1)' }]);
  });

  it('flags everyone sharing an account whose owner is unknown', () => {
    const out = runRule(sharedAccountRule, sets(), [claimant('1', undefined, 'xA'), claimant('2', undefined, 'xA'), claimant('3', undefined, 'xA')]);
    expect(out.get(uid(1))?.[0]).toMatchObject({ severity: 'flag', reason: expect.stringContaining('also claimed by members 2, 3') });
    expect(out.get(uid(3))?.[0]?.reason).toContain('members 1, 2');
  });
});
