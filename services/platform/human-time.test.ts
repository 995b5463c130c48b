import { describe, expect, it } from 'vitest';
import { humanTime } from './human-time.js';

describe('humanTime', () => {
  it('writes a UTC date and minute the way people read them, whatever the process time zone', () => {
    expect(humanTime(new Date('2026-03-01T11:50:59.999Z'))).toBe('1 Mar 2026, 11:50 UTC');
    expect(humanTime(new Date('2026-12-31T23:05:00+02:00'))).toBe('31 Dec 2026, 21:05 UTC');
  });
});
