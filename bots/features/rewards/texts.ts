// Words of /rewards, in Telegram HTML.
import { escapeHtml as esc } from '../../html.js';
import { unitsText } from '../../amounts.js';
import type { MemberReward } from '../../../services/money-views/index.js';

/** The member's rewards per asset and how to take them out. */
export function rewardsCard(rewards: readonly MemberReward[]): string {
  const earned = rewards.filter((r) => r.amount > 0n);
  return [
    '🏆 <b>Your rewards</b>',
    ...(earned.length
      ? earned.map((r) => `• <b>${unitsText(r.amount, r.asset.decimals)} ${esc(r.asset.symbol)}</b> (${esc(r.asset.chainName)})`)
      : ['Nothing yet. Rewards come from raids with a reward pool: join them in your groups and claim.']),
    '',
    'To withdraw: link a wallet with /linkwallet (you sign a message to prove it is yours), then send /withdraw. Withdrawals go only to wallets linked to you.',
  ].join('\n');
}

export const REWARDS_OFF = 'Money is not set up on this deployment, so there are no rewards to hold or withdraw.';
export const REWARDS_IN_PRIVATE = 'Your rewards are yours alone: send /rewards to me in a private chat.';
export const OPEN_MY_REWARDS = 'Open my private chat';
