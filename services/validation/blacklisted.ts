// The group's blacklist (kept by groups) in the pure core's terms. X accounts are listed as an admin typed
// them, an id or a lowercase username, so they are matched here against what each claim carried.
import type { BlacklistEntries } from '../groups/index.js';
import type { Claimant } from './types.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export function blacklistedClaimants(entries: BlacklistEntries, claimants: readonly Claimant[]): { telegramUserIds: TelegramUserId[]; xUserIds: string[] } {
  const accounts = new Set(entries.xAccounts);
  const xUserIds = claimants.filter((c) => accounts.has(c.xUserId) || accounts.has(c.xUsername.toLowerCase())).map((c) => c.xUserId);
  return { telegramUserIds: entries.telegramUserIds, xUserIds };
}
