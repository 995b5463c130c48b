// One ordering rule for ids and claims, used wherever a result must not depend on input order
// (remainder units, leaderboards, digests), so the same raid always yields the same bytes. Telegram ids are
// numbers (platform/telegram-ids.ts): their numeric order is the order compareIds gave their decimal strings.
import type { TelegramUserId } from '../platform/telegram-ids.js';

/**
 * Compares decimal id strings by numeric value without converting them (X snowflakes exceed 2^53).
 * Negative ids (Telegram chats) and non-numeric strings fall back to BigInt or plain string order.
 */
export function compareIds(a: string, b: string): number {
  const plain = /^[1-9]\d*$|^0$/;
  if (plain.test(a) && plain.test(b)) {
    if (a.length !== b.length) return a.length - b.length;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const intLike = /^-?\d+$/;
  if (intLike.test(a) && intLike.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Earliest claim first, then the lower Telegram id: the tie-break for every "who goes first". */
export function compareClaims(
  a: { claimedAt: Date; telegramUserId: TelegramUserId },
  b: { claimedAt: Date; telegramUserId: TelegramUserId },
): number {
  return a.claimedAt.getTime() - b.claimedAt.getTime() || a.telegramUserId - b.telegramUserId;
}
