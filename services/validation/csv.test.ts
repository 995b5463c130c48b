import { describe, expect, it } from 'vitest';
import { raidReportCsv } from './csv.js';
import { claimant, minutes, post, raid, sets } from './fixtures.test-support.js';
import { validateRaid } from './validate-raid.js';
import { uid } from '../platform/telegram-ids.test-support.js';

describe('raidReportCsv', () => {
  it('writes one row per claimant with exactly the documented columns', () => {
    const r = validateRaid({
      raid: raid({ quotes: 0 }),
      engagement: sets({
        replies: { posts: [post('2001', 'x1', 'a thoughtful reply, with commas', minutes(2)), post('2002', 'x2', '=cmd|calc', minutes(2))] },
        reposters: { userIds: ['x1'] },
        likers: { userIds: [], private: true },
      }),
      claimants: [claimant('2'), claimant('1'), claimant('3')],
      fraud: {
        thresholds: { minAccountAgeDays: 0, minFollowers: 0, minReplyLength: 12, maxClaimsPerHour: 9 },
        profiles: new Map(['x1', 'x2', 'x3'].map((x) => [x, { createdAt: new Date(0), followers: 5 }])),
        blacklist: { telegramUserIds: [uid(3)] },
      },
      reward: { pool: { amount: 100n, token: 'USDT' }, split: 'equal' },
    });
    const self = 'self-report alone: X shows none of the requested actions, and cannot show the like (likes are private)';
    expect(raidReportCsv(r.outcomes).split('\r\n')).toEqual([
      'telegram_user_id,x_username,reply,repost,like,quote,bookmark,rests_on,verdict,reasons,points,reward,decided_by',
      '1,user1,verified,verified,unverifiable,not_found,unverifiable,verified,accepted,,10,100,',
      '2,user2,verified,not_found,unverifiable,not_found,unverifiable,verified,flagged,reply is 9 characters long (minimum 12),5,,',
      `3,user3,not_found,not_found,unverifiable,not_found,unverifiable,self_report_only,rejected,"member is blacklisted in this group; ${self}",0,,`,
      '',
    ]);
    const decided = r.outcomes.map((o) => (o.claimant.telegramUserId === uid(2) ? { ...o, verdict: 'accepted' as const, points: 5, decidedBy: 9 } : o));
    expect(raidReportCsv(decided).split('\r\n')[2]).toBe('2,user2,verified,not_found,unverifiable,not_found,unverifiable,verified,accepted,reply is 9 characters long (minimum 12),5,,9');
  });
});
