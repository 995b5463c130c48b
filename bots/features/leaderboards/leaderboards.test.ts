import { describe, expect, it } from 'vitest';
import { weekStart } from '../../../services/leaderboards/index.js';
import {
  displayName,
  exportCaption,
  exportFilename,
  parseExportArgs,
  parseLeaderboardArgs,
  renderLeaderboard,
  type Profile,
} from './texts.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';

const profiles = new Map<number, Profile>([
  [1, { username: 'alice', firstName: 'Alice' }],
  [2, { username: null, firstName: 'Bob <b>&</b>' }],
  [3, { username: 'carol', firstName: 'Carol' }],
  [4, { username: null, firstName: 'Dan' }],
]);

describe('leaderboard ranking', () => {
  it('gives tied members the same medal and the next one its place number', () => {
    const text = renderLeaderboard({
      kind: 'points',
      period: 'all',
      rows: [
        { telegramUserId: uid(1), score: 9 },
        { telegramUserId: uid(3), score: 7 },
        { telegramUserId: uid(2), score: 7 },
        { telegramUserId: uid(4), score: 1 },
      ],
      profiles,
    });
    expect(text.split('\n')).toEqual([
      '🏆 <b>Raid points</b> — all time',
      '',
      '🥇 Alice — <b>9</b> points',
      '🥈 Bob &lt;b&gt;&amp;&lt;/b&gt; — <b>7</b> points',
      '🥈 Carol — <b>7</b> points',
      '4. Dan — <b>1</b> point',
      '',
      '<i>/leaderboard week · /leaderboard messages for activity</i>',
    ]);
  });

  it('escapes names, cuts long ones, and names unknown members by id', () => {
    expect(displayName(9, { username: null, firstName: '<script>alert(1)</script>' })).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(displayName(9, { username: null, firstName: '👾'.repeat(40) })).toBe(`${'👾'.repeat(31)}…`);
    expect(displayName(9, { username: 'zed', firstName: '  ' })).toBe('zed');
    expect(displayName(9, undefined)).toBe('member 9');
  });

  it('says so when the board is empty, and shows the week it covers', () => {
    const since = weekStart(new Date('2026-11-05T10:00:00Z'));
    expect(renderLeaderboard({ kind: 'points', period: 'week', since, rows: [], profiles })).toBe(
      '🏆 <b>Raid points</b> — this week (since Monday 2 Nov 2026, 00:00 UTC)\n\nNo points yet. Points come from raid claims that pass validation.',
    );
    expect(renderLeaderboard({ kind: 'messages', period: 'all', rows: [{ telegramUserId: uid(1), score: 0 }], profiles })).toBe(
      '💬 <b>Most active members</b> — all time\n\nNo messages counted yet.',
    );
  });

  it('shows at most ten rows, counting messages in the singular when there is one', () => {
    const rows = Array.from({ length: 15 }, (_, i) => ({ telegramUserId: uid(100 + i), score: 20 - i }));
    const text = renderLeaderboard({ kind: 'messages', period: 'week', since: new Date('2026-11-02T00:00:00Z'), rows, profiles: new Map() });
    expect(text).toContain('10. member 109 — <b>11</b> messages');
    expect(text).not.toContain('member 110');
    expect(renderLeaderboard({ kind: 'messages', period: 'week', rows: [{ telegramUserId: uid(1), score: 1 }], profiles })).toContain('🥇 Alice — <b>1</b> message\n');
  });
});

describe('leaderboard arguments and the export file', () => {
  it('reads /leaderboard arguments in any order and refuses anything else', () => {
    expect(parseLeaderboardArgs('')).toEqual({ kind: 'points', period: 'week' });
    expect(parseLeaderboardArgs(' ALL ')).toEqual({ kind: 'points', period: 'all' });
    expect(parseLeaderboardArgs('messages')).toEqual({ kind: 'messages', period: 'week' });
    expect(parseLeaderboardArgs('all messages')).toEqual({ kind: 'messages', period: 'all' });
    for (const bad of ['month', 'week all', 'messages messages', 'top 5']) expect(parseLeaderboardArgs(bad)).toBeNull();
    expect(parseExportArgs('')).toBe('week');
    expect(parseExportArgs('all')).toBe('all');
    expect(parseExportArgs('messages')).toBeNull();
  });

  it('names the export file after the group in ASCII and escapes the caption', () => {
    expect(exportFilename('Crypto Café 🚀 <Raiders>', 'week', new Date('2026-11-05T10:00:00Z'))).toBe('leaderboard-crypto-cafe-raiders-week-2026-11-05.csv');
    expect(exportFilename('🚀🚀', 'all', new Date('2026-11-05T10:00:00Z'))).toBe('leaderboard-group-all-2026-11-05.csv');
    expect(exportCaption('A & B', 'all', undefined, 10_000, true)).toBe('Raid points leaderboard of <b>A &amp; B</b>, all time: the top 10000 members.');
  });
});
