// Rules on who the claimant is: blacklisted people, and X accounts that belong to someone else.
import type { FraudFlag, FraudRule } from '../anti-fraud.js';
import type { TelegramUserId } from '../../platform/telegram-ids.js';

export const blacklistRule: FraudRule = {
  id: 'blacklist',
  prepare: (_all, ctx) => {
    const members = new Set(ctx.blacklist?.telegramUserIds ?? []);
    const accounts = new Set(ctx.blacklist?.xUserIds ?? []);
    return (j) => {
      const flags: FraudFlag[] = [];
      if (members.has(j.claimant.telegramUserId)) flags.push({ rule: 'blacklist', severity: 'reject', reason: 'member is blacklisted in this group' });
      if (accounts.has(j.claimant.xUserId)) flags.push({ rule: 'blacklist', severity: 'reject', reason: `X account @${j.claimant.xUsername} is blacklisted in this group` });
      return flags;
    };
  },
};

/**
 * One X account, one member. When the users service names the account's verified owner, anyone else
 * claiming with it is rejected. When it does not and several claimants present the same account, we
 * cannot tell who owns it, so all of them are flagged for an admin instead of guessing.
 */
export const sharedAccountRule: FraudRule = {
  id: 'shared_account',
  prepare: (all, ctx) => {
    const byAccount = new Map<string, TelegramUserId[]>();
    for (const j of all) {
      const list = byAccount.get(j.claimant.xUserId) ?? [];
      list.push(j.claimant.telegramUserId);
      byAccount.set(j.claimant.xUserId, list);
    }
    return (j) => {
      const { xUserId, xUsername, telegramUserId } = j.claimant;
      const owner = ctx.xAccountOwners?.get(xUserId);
      if (owner !== undefined && owner !== telegramUserId) {
        return [{ rule: 'shared_account', severity: 'reject', reason: `X account @${xUsername} is linked to another member (${owner})` }];
      }
      const others = (byAccount.get(xUserId) ?? []).filter((t) => t !== telegramUserId).sort((a, b) => a - b);
      if (owner === undefined && others.length > 0) {
        return [{ rule: 'shared_account', severity: 'flag', reason: `X account @${xUsername} is also claimed by member${others.length > 1 ? 's' : ''} ${others.join(', ')}` }];
      }
      return [];
    };
  },
};
