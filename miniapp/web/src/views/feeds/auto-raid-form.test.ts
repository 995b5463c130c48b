import { describe, expect, it } from 'vitest';
import { formOf, problemsOf, toRequest } from './auto-raid-form';

const defaults = { durationMinutes: 30, lock: false };

describe('the auto-raid form', () => {
  it('starts empty with the group\'s defaults, and cannot be sent without an account and a target', () => {
    const form = formOf(null, { durationMinutes: 45, lock: true });
    expect(form).toMatchObject({ handle: '', durationMinutes: 45, lock: true, replies: false, replace: false });
    expect(problemsOf(form)).toEqual(['handle', 'targets']);
    expect(problemsOf({ ...form, handle: '@moon hq', targets: { ...form.targets, likes: '5' } })).toEqual(['handle']);
    expect(problemsOf({ ...form, handle: '@moon_hq', targets: { ...form.targets, likes: '100001' } })).toEqual(['targets']);
  });

  it('becomes the PUT body: targets above 0 only, onNewer from the switch', () => {
    const form = { ...formOf(null, defaults), handle: ' @moon_hq ', targets: { replies: '10', reposts: '', likes: '0', quotes: '', bookmarks: '2' }, replace: true };
    expect(problemsOf(form)).toEqual([]);
    expect(toRequest(form)).toEqual({ handle: '@moon_hq', targets: { replies: 10, bookmarks: 2 }, durationMinutes: 30, lock: false, replies: false, onNewer: 'replace' });
  });

  it('shows an auto-raid that is on as it is', () => {
    const form = formOf(
      { xUserId: '1', username: 'moon_hq', replies: true, onNewer: 'wait', targets: { replies: 0, reposts: 3, likes: 20, quotes: 0, bookmarks: 0 }, durationMinutes: 60, lock: true, enabledBy: 7, enabledAt: '2025-01-01T00:00:00.000Z' },
      defaults,
    );
    expect(form).toEqual({ handle: 'moon_hq', targets: { replies: '', reposts: '3', likes: '20', quotes: '', bookmarks: '' }, durationMinutes: 60, lock: true, replies: true, replace: false });
    expect(toRequest(form).targets).toEqual({ reposts: 3, likes: 20 });
  });
});
