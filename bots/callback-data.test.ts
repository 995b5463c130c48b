import { describe, expect, it } from 'vitest';
import { callbackData } from './callback-data.js';

const vote = callbackData({
  pattern: /^v:(\d{1,19}):([ud])$/,
  build: ({ id, up }: { id: string; up: boolean }) => `v:${id}:${up ? 'u' : 'd'}`,
  parse: (m) => ({ id: m[1]!, up: m[2] === 'u' }),
});

describe('callbackData', () => {
  it('builds and reads back the same data', () => {
    const data = vote.build({ id: '42', up: true });
    expect(data).toBe('v:42:u');
    expect(vote.match(data)).toEqual({ id: '42', up: true });
    expect(vote.parse(vote.pattern.exec('v:7:d')!)).toEqual({ id: '7', up: false });
  });

  it('reads nothing from another kind of button', () => {
    expect(vote.match('v:42:x')).toBeNull();
    expect(vote.match('raid:claim:1')).toBeNull();
    expect(vote.match(undefined)).toBeNull();
  });

  it('refuses to build data Telegram would refuse or that it could not read back', () => {
    const long = callbackData({ pattern: /^l:(.+)$/, build: (s: string) => `l:${s}`, parse: (m) => m[1]! });
    expect(long.build('x'.repeat(62))).toHaveLength(64);
    expect(() => long.build('x'.repeat(63))).toThrow(/64 bytes/);
    expect(() => long.build('é'.repeat(32))).toThrow(/64 bytes/); // bytes, not characters
    expect(() => vote.build({ id: 'abc', up: true })).toThrow(/does not match/);
  });

  it('wants an anchored pattern, so a longer string never matches by its middle', () => {
    expect(() => callbackData({ pattern: /v:(\d+)/, build: String, parse: (m) => m[1]! })).toThrow(/anchored/);
  });
});
