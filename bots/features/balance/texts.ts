// Words of /balance, in Telegram HTML.
import { escapeHtml as esc } from '../../html.js';
import { unitsText } from '../../amounts.js';
import type { GroupBalance } from '../../../services/money-views/index.js';

/** The group's money per asset (available, and held in pools not yet settled), its pools, and where to add. */
export function balanceCard(b: GroupBalance): string {
  const lines = b.balances.map((x) => {
    const held = x.held > 0n ? ` · ${unitsText(x.held, x.asset.decimals)} held in pools` : '';
    return `• <b>${unitsText(x.available, x.asset.decimals)} ${esc(x.asset.symbol)}</b> available (${esc(x.asset.chainName)})${held}`;
  });
  const pools = b.pools.map((p) => `• raid #${esc(p.raidId)}: ${unitsText(p.amount, p.asset.decimals)} ${esc(p.asset.symbol)}`);
  return [
    '💰 <b>This group’s balance</b>',
    ...lines,
    ...(pools.length ? ['', '<b>Held for raid reward pools</b> (paid out or returned when the raid is settled):', ...pools] : []),
    '',
    'Add to it with /deposit (the group’s deposit address). The balance pays raid reward pools (<code>/raid … pool=100 USDT</code>).',
  ].join('\n');
}

export const BALANCE_OFF = 'Money is not set up on this deployment: the operator has not configured a wallet and chains, so groups have no balance.';
export const BALANCE_IN_GROUP = 'Use /balance inside your group (admins): each group has its own balance. Your own rewards: /rewards.';
