import { describe, expect, it } from 'vitest';
import type { StoredOutcome } from '../../services/validation/index.js';
import { canAppeal, myRaidText } from './raid-results-texts.js';

const verdict = (o: Partial<StoredOutcome>): StoredOutcome => ({
  raidId: '42',
  chatId: -1,
  claimant: { telegramUserId: '7', xUserId: '99', xUsername: 'a<b>', claimedAt: new Date('2026-03-01T12:00:00Z') },
  actions: {
    reply: { status: 'not_found', requested: true, evidence: [], preRaid: [], note: 'no reply by this X account in the full list X returned' },
    repost: { status: 'unverifiable', requested: true, evidence: [], preRaid: [], note: 'X showed only part of the reposts' },
    like: { status: 'not_found', requested: false, evidence: [], preRaid: [], note: 'not asked' },
    quote: { status: 'not_found', requested: false, evidence: [], preRaid: [], note: 'not asked' },
  },
  verdict: 'rejected',
  flags: [{ rule: 'blacklist', severity: 'reject', reason: 'X account @a<b> is blacklisted in this group' }],
  reasons: ['X account @a<b> is blacklisted in this group'],
  points: 0,
  computedPoints: 1,
  reward: null,
  decidedBy: null,
  decidedAt: null,
  appealText: null,
  appealedAt: null,
  appealState: 'none',
  validatedAt: new Date('2026-03-01T13:00:00Z'),
  ...o,
});

describe('/myraid text', () => {
  it('shows the verdict, each requested action and the reasons, escaped', () => {
    const text = myRaidText(verdict({}));
    expect(text).toContain('❌ rejected');
    expect(text).toContain('• reply: ✖️ not found');
    expect(text).toContain('• repost: ❔ unverifiable');
    expect(text).not.toContain('• like:');
    expect(text).toContain('– X account @a&lt;b&gt; is blacklisted in this group');
    expect(text).not.toContain('<b>is');
    expect(text).toContain('appeal once');
  });

  it('offers an appeal only for a rejection not yet appealed', () => {
    expect(canAppeal(verdict({}))).toBe(true);
    expect(canAppeal(verdict({ appealState: 'pending' }))).toBe(false);
    expect(canAppeal(verdict({ verdict: 'flagged' }))).toBe(false);
    expect(myRaidText(verdict({ verdict: 'flagged', reasons: [], flags: [] }))).toContain('0 now, 1 if an admin accepts');
    expect(myRaidText(verdict({ appealState: 'upheld', decidedBy: 5 }))).toContain('appeal was refused');
  });
});
