import { describe, expect, it } from 'vitest';
import type { KolStanding } from '../messages.js';
import { chartDays } from './chart.js';
import { isoWeek, isoWeekStart } from './digest.js';
import { planQueries, QUERY_MAX } from './query-plan.js';
import { compareStandings, score } from './ranking.js';

const ids = (count: number) => Array.from({ length: count }, (_, i) => String(10n ** 18n + BigInt(i)));

describe('KOL search queries', () => {
  it('makes one query of a short list: the KOLs by id, the terms, reposts left out', () => {
    expect(planQueries(['222', '111'], ['$war', '"raid now"', '#warhorn'])).toEqual([
      { query: '(from:111 OR from:222) ("raid now" OR #warhorn OR $war) -is:retweet', kolIds: ['111', '222'], terms: ['"raid now"', '#warhorn', '$war'] },
    ]);
    expect(planQueries(['5'], ['warhorn'])[0]!.query).toBe('from:5 warhorn -is:retweet');
  });

  it('is the same text for the same lists in any order, so groups share it', () => {
    expect(planQueries(['3', '1', '2'], ['b', 'a'])).toEqual(planQueries(['2', '3', '1', '1'], ['a', 'b', 'b']));
  });

  it('splits a long list over queries within 512 characters, covering every KOL and term once', () => {
    const kols = ids(60);
    const terms = ['$war', '#warhorn', 'warhorn', '"raid now"'];
    const plan = planQueries(kols, terms);
    expect(plan.length).toBeGreaterThan(1);
    for (const q of plan) expect(q.query.length).toBeLessThanOrEqual(QUERY_MAX);
    expect(plan.flatMap((q) => q.kolIds).sort()).toEqual([...kols].sort());
    for (const q of plan) expect(q.terms).toEqual([...terms].sort());
  });

  it('splits the terms too when they alone fill a query, and drops only a term that cannot fit with any KOL', () => {
    const terms = Array.from({ length: 30 }, (_, i) => `"a long phrase about the project ${i}"`);
    const plan = planQueries(ids(3), [...terms, `"${'x'.repeat(600)}"`]);
    for (const q of plan) expect(q.query.length).toBeLessThanOrEqual(QUERY_MAX);
    const pairs = new Set(plan.flatMap((q) => q.kolIds.flatMap((k) => q.terms.map((t) => `${k} ${t}`))));
    expect(pairs.size).toBe(3 * terms.length);
    expect(plan.some((q) => q.query.includes('xxxx'))).toBe(false);
  });

  it('makes no query without a KOL or without a term', () => {
    expect(planQueries([], ['$war'])).toEqual([]);
    expect(planQueries(['1'], [' '])).toEqual([]);
  });
});

describe('KOL ranking order', () => {
  const row = (username: string, e: Partial<KolStanding>): KolStanding => {
    const base = { username, name: '', mentions: 1, likes: 0, reposts: 0, replies: 0, quotes: 0, impressions: null, bestPostUrl: null, ...e };
    return { ...base, score: score(base) };
  };

  it('weighs reposts and quotes twice, and a hundred impressions as a like', () => {
    expect(score({ likes: 3, reposts: 2, replies: 1, quotes: 1, impressions: null })).toBe(3 + 4 + 1 + 2);
    expect(score({ likes: 0, reposts: 0, replies: 0, quotes: 0, impressions: 250 })).toBe(2.5);
  });

  it('orders by score, then by mentions, then by handle in any case', () => {
    const rows = [row('zed', { likes: 4 }), row('Amy', { likes: 4 }), row('bob', { likes: 2, mentions: 3, reposts: 1 }), row('cat', { likes: 9 })];
    expect(rows.sort(compareStandings).map((r) => r.username)).toEqual(['cat', 'bob', 'Amy', 'zed']);
  });
});

describe('weeks and days', () => {
  it('names ISO weeks by the year of their Thursday', () => {
    expect(isoWeek(new Date('2026-01-01T12:00:00Z'))).toBe('2026-W01');
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    expect(isoWeek(new Date('2021-01-03T23:59:59Z'))).toBe('2020-W53');
    expect(isoWeek(new Date('2026-11-16T09:00:00Z'))).toBe('2026-W47');
    expect(isoWeekStart(new Date('2026-11-22T23:00:00Z')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });

  it("lists a chart's UTC days, today last", () => {
    const { since, days } = chartDays(new Date('2026-03-02T05:00:00Z'), 3);
    expect(since.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(days).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
