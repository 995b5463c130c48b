import { describe, expect, it } from 'vitest';
import { leaderboardCsv } from './csv.js';
import { uid } from '../platform/telegram-ids.test-support.js';

describe('leaderboardCsv', () => {
  it('ranks by points with shared ranks for ties, then by telegram id', () => {
    const out = leaderboardCsv([
      { telegramUserId: uid(9), username: 'nine', points: 10 },
      { telegramUserId: uid(3), username: null, points: 20 },
      { telegramUserId: uid(12), username: 'twelve', points: 10 },
      { telegramUserId: uid(4), username: '@evil', points: 5 },
    ]);
    expect(out).toBe('rank,telegram_user_id,username,points\r\n1,3,,20\r\n2,9,nine,10\r\n2,12,twelve,10\r\n4,4,\'@evil,5\r\n');
  });

  it('writes only the header when empty', () => {
    expect(leaderboardCsv([])).toBe('rank,telegram_user_id,username,points\r\n');
  });
});
