import { describe, expect, it } from 'vitest';
import { changeSetting, defaultSettings, readSettings } from './settings.js';
import { formatSettingValue } from './settings-value.js';

describe('group settings', () => {
  it('gives a new group the documented point weights', () => {
    expect(defaultSettings().points).toEqual({ reply: 4, repost: 5, quote: 5, like: 3, selfReport: 1, selfReportAlone: false });
  });

  it('flags claims resting on self-report alone unless the group chooses to reject them', () => {
    expect(defaultSettings().antifraud.selfReportOnly).toBe('flag');
    expect(changeSetting(defaultSettings(), 'antifraud.self_report_only', 'Reject')).toMatchObject({ ok: true, value: 'reject' });
    expect(changeSetting(defaultSettings(), 'antifraud.self_report_only', 'accept')).toEqual({ ok: false, error: 'antifraud.self_report_only expects one of flag, reject' });
    expect(changeSetting(defaultSettings(), 'points.selfreport_alone', 'on')).toMatchObject({ ok: true, value: true });
    expect(readSettings({ antifraud: { minFollowers: 3 } }).antifraud).toMatchObject({ minFollowers: 3, selfReportOnly: 'flag' });
  });

  it('keeps defaults for fields an old stored row lacks', () => {
    const s = readSettings({ points: { reply: 7 } });
    expect(s.points.reply).toBe(7);
    expect(s.points.repost).toBe(5);
    expect(s.raid.durationMinutes).toBe(30);
  });

  it('asks for the unit of a bare number instead of taking it as minutes', () => {
    expect(changeSetting(defaultSettings(), 'raid.duration', '45')).toEqual({ ok: false, error: 'raid.duration needs a unit: 45m, 45h or 45d' });
  });

  it('says a duration back with its unit', () => {
    expect(formatSettingValue('raid.duration', 120)).toBe('2h');
    expect(formatSettingValue('raid.duration', 45)).toBe('45m');
    expect(formatSettingValue('raid.duration', 2880)).toBe('2d');
    expect(formatSettingValue('raid.lock', true)).toBe('on');
    expect(formatSettingValue('rewards.token', null)).toBe('none');
  });

  it('changes a duration given in hours', () => {
    const change = changeSetting(defaultSettings(), 'raid.duration', '2h');
    expect(change).toMatchObject({ ok: true, value: 120 });
    if (change.ok) expect(change.settings.raid.durationMinutes).toBe(120);
  });

  it('explains a bad value instead of storing it', () => {
    expect(changeSetting(defaultSettings(), 'points.reply', '-3')).toEqual({ ok: false, error: 'points.reply expects a whole number, e.g. 5' });
    expect(changeSetting(defaultSettings(), 'raid.lock', 'maybe')).toEqual({ ok: false, error: 'raid.lock expects on or off' });
    expect(changeSetting(defaultSettings(), 'colour', 'red')).toEqual({ ok: false, error: 'unknown setting "colour"' });
    // What was typed is repeated, but never so much that the answer would be too long to send.
    const long = changeSetting(defaultSettings(), 'k'.repeat(5000), 'v');
    expect(long.ok ? '' : long.error.length).toBeLessThan(80);
    expect(changeSetting(defaultSettings(), 'points.reply', '5000')).toMatchObject({ ok: false, error: expect.stringMatching(/out of range/) });
  });

  it('accepts on/off and enum values case-insensitively', () => {
    expect(changeSetting(defaultSettings(), 'raid.lock', 'ON')).toMatchObject({ ok: true, value: true });
    expect(changeSetting(defaultSettings(), 'rewards.split', 'Top_N')).toMatchObject({ ok: true, value: 'top_n' });
    expect(changeSetting(defaultSettings(), 'rewards.token', 'none')).toMatchObject({ ok: true, value: null });
  });

  it('refuses a default raid duration below /raid’s minimum of 5 minutes, saying the bounds', () => {
    expect(changeSetting(defaultSettings(), 'raid.duration', '2m')).toEqual({ ok: false, error: 'raid.duration must be from 5m to 7d, such as 30m or 2h (got 2m)' });
    expect(changeSetting(defaultSettings(), 'raid.duration', '1')).toMatchObject({ ok: false });
    expect(changeSetting(defaultSettings(), 'raid.duration', '8d')).toMatchObject({ ok: false, error: expect.stringMatching(/from 5m to 7d/) });
    expect(changeSetting(defaultSettings(), 'raid.duration', '5m')).toMatchObject({ ok: true, value: 5 });
    expect(changeSetting(defaultSettings(), 'raid.duration', '7d')).toMatchObject({ ok: true, value: 7 * 24 * 60 });
  });

  it('lifts a stored default below the minimum to it, keeping the group’s other settings', () => {
    const s = readSettings({ raid: { durationMinutes: 2, lock: true }, points: { reply: 7 } });
    expect(s.raid).toEqual({ durationMinutes: 5, lock: true });
    expect(s.points.reply).toBe(7);
  });
});
