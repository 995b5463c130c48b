import { describe, expect, it } from 'vitest';
import { rankRows, weekStart } from './ranking.js';
import { uid } from '../platform/telegram-ids.test-support.js';

describe('leaderboard ranking', () => {
  it('shares ranks on equal scores (1, 2, 2, 4) and orders ties by Telegram id', () => {
    const ranked = rankRows([
      { telegramUserId: uid(4), score: 3 },
      { telegramUserId: uid(3), score: 7 },
      { telegramUserId: uid(2), score: 7 },
      { telegramUserId: uid(1), score: 9 },
    ]);
    expect(ranked.map((r) => [r.rank, r.telegramUserId])).toEqual([[1, 1], [2, 2], [2, 3], [4, 4]]);
  });
});

describe('the week a weekly board covers', () => {
  it('starts the week on Monday 00:00 UTC, whatever the day and hour', () => {
    expect(weekStart(new Date('2026-11-02T00:00:00Z')).toISOString()).toBe('2026-11-02T00:00:00.000Z'); // Monday
    expect(weekStart(new Date('2026-11-08T23:59:59Z')).toISOString()).toBe('2026-11-02T00:00:00.000Z'); // Sunday
    expect(weekStart(new Date('2026-11-01T23:59:59Z')).toISOString()).toBe('2026-10-26T00:00:00.000Z'); // Sunday before
    expect(weekStart(new Date('2027-01-01T12:00:00Z')).toISOString()).toBe('2026-12-28T00:00:00.000Z'); // across a year
  });
});
