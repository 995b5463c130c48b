// The bounds a form shows are the ones /set enforces: each number setting takes its min and max and
// refuses one step past either.
import { describe, expect, it } from 'vitest';
import { changeSetting, defaultSettings, SETTING_KEYS } from './settings.js';
import { describeSetting, describeSettings } from './setting-catalog.js';

describe('the settings as a form describes them', () => {
  it('lists every /set key with the value /settings shows', () => {
    const views = describeSettings(defaultSettings());
    expect(views.map((v) => v.key)).toEqual(Object.keys(SETTING_KEYS));
    expect(describeSetting(defaultSettings(), 'raid.duration')).toMatchObject({ section: 'raid', value: 30, text: '30m', min: 5, max: 10080 });
    expect(describeSetting(defaultSettings(), 'rewards.token')).toMatchObject({ value: null, text: 'none' });
    expect(describeSetting(defaultSettings(), 'rewards.split')).toMatchObject({ kind: 'enum', options: ['equal', 'pro_rata', 'top_n'] });
    expect(describeSetting(defaultSettings(), 'no.such')).toBeNull();
  });

  it('states for each number the bounds /set enforces', () => {
    for (const view of describeSettings(defaultSettings())) {
      if (view.kind !== 'int' && view.kind !== 'duration') {
        expect(view, view.key).not.toHaveProperty('min');
        continue;
      }
      expect(view.min, view.key).toEqual(expect.any(Number));
      expect(view.max, view.key).toEqual(expect.any(Number));
      const typed = (n: number) => (view.kind === 'duration' ? `${n}m` : String(n));
      expect(changeSetting(defaultSettings(), view.key, typed(view.min!)).ok, `${view.key} ${view.min}`).toBe(true);
      expect(changeSetting(defaultSettings(), view.key, typed(view.max!)).ok, `${view.key} ${view.max}`).toBe(true);
      expect(changeSetting(defaultSettings(), view.key, typed(view.max! + 1)).ok, `${view.key} ${view.max! + 1}`).toBe(false);
      if (view.min! > 0) expect(changeSetting(defaultSettings(), view.key, typed(view.min! - 1)).ok, `${view.key} ${view.min! - 1}`).toBe(false);
    }
  });
});
