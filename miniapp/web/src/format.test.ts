import { describe, expect, it } from 'vitest';
import { createFormat, pickLocale } from './format';

describe('pickLocale', () => {
  it("takes Telegram's language, then the browser's, then en", () => {
    expect(pickLocale('de', 'fr-FR')).toBe('de');
    expect(pickLocale(undefined, 'fr-FR')).toBe('fr-FR');
    expect(pickLocale('not a locale!', undefined)).toBe('en');
    expect(pickLocale(undefined, undefined)).toBe('en');
  });
});

describe('createFormat', () => {
  const en = createFormat('en');
  const de = createFormat('de');

  it('groups digits as the language does', () => {
    expect(en.number(1234567)).toBe('1,234,567');
    expect(de.number(1234567)).toBe('1.234.567');
  });

  it('formats money exactly from the smallest unit', () => {
    expect(en.money({ amount: '1500500000', decimals: 6, token: 'USDT' })).toBe('1,500.5 USDT');
    expect(de.money({ amount: '1500500000', decimals: 6, token: 'USDT' })).toBe('1.500,5 USDT');
    expect(en.money({ amount: '5', decimals: 6, token: 'USDT' })).toBe('0.000005 USDT');
    // Beyond 2^53: a float would round it.
    expect(en.money({ amount: '123456789012345678901', decimals: 18, token: 'ETH' })).toBe('123.456789012345678901 ETH');
    expect(en.money({ amount: '42', decimals: 0, token: 'PTS' })).toBe('42 PTS');
  });

  it('says durations in the largest units that fit', () => {
    expect(en.minutes(30)).toBe('30 min');
    expect(en.minutes(120)).toBe('2 hr');
    expect(en.minutes(90)).toBe('1 hr 30 min');
    expect(en.minutes(7 * 1440)).toBe('7 days');
  });

  it('counts down to the minute, never below zero', () => {
    expect(en.remaining(61_000)).toBe('2 min');
    expect(en.remaining(-5_000)).toBe('0 min');
  });

  it('caps progress at 100% and treats no target as done', () => {
    expect(en.percent(5, 10)).toBe(50);
    expect(en.percent(15, 10)).toBe(100);
    expect(en.percent(0, 0)).toBe(100);
  });

  it('formats dates in the language', () => {
    expect(en.dateTime('2026-03-01T12:00:00Z')).toMatch(/2026/);
    expect(en.utcDate('2026-11-30T00:00:00.000Z')).toBe('Nov 30, 2026');
    // A UTC day stays that day west of Greenwich too.
    expect(en.utcDay('2026-11-30T00:00:00Z')).toBe('Nov 30');
    expect(de.utcDay('2026-11-30T00:00:00Z')).toBe('30. Nov.');
  });

  it('shortens big numbers for axes', () => {
    expect(en.compact(950)).toBe('950');
    expect(en.compact(1234)).toBe('1.2K');
    expect(en.compact(34_000)).toBe('34K');
  });
});
