import { describe, expect, it } from 'vitest';
import { chatId, telegramUserId } from './telegram-ids.js';

describe('Telegram ids', () => {
  it('accept what Telegram, Postgres and Redis give', () => {
    expect(chatId('-1001234567890')).toBe(-1001234567890);
    expect(chatId(-42)).toBe(-42);
    expect(chatId(7n)).toBe(7);
    expect(telegramUserId('123456789')).toBe(123456789);
    expect(telegramUserId(2 ** 52 - 1)).toBe(2 ** 52 - 1);
    expect(telegramUserId(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuse anything that is not a safe integer', () => {
    for (const bad of ['12a', '', ' 1', '1.0', '0x10', '1e3', 1.5, Number.NaN, Infinity, 2 ** 60, String(2 ** 60), 2n ** 60n]) {
      expect(() => chatId(bad)).toThrow(TypeError);
      expect(() => telegramUserId(bad)).toThrow(TypeError);
    }
  });

  it('refuse user ids that are not positive, and chat 0', () => {
    expect(() => telegramUserId(-5)).toThrow(/not positive/);
    expect(() => telegramUserId('0')).toThrow(TypeError);
    expect(() => chatId(0)).toThrow(TypeError);
  });
});
