// Words of the deposit notices: what the deposit scanner posts in a group when a deposit is credited (the
// DepositMessages port of services/deposits/messages.ts). HTML parse mode; the amount is exact (bigint
// division, no float), in the token's decimals as the chain's configuration gives them.
import { escapeHtml as esc } from '../../html.js';
import type { CreditedDepositNotice, DepositMessageContent, DepositMessages } from '../../../services/deposits/index.js';

/** Smallest units as whole tokens ("1500.5"), exact. */
export function tokenAmount(units: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const fraction = (units % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${units / base}${fraction ? `.${fraction}` : ''}`;
}

const short = (hex: string) => `${hex.slice(0, 6)}…${hex.slice(-4)}`;

export function creditedText(n: CreditedDepositNotice): DepositMessageContent {
  const tx = n.explorerUrl ? `<a href="${esc(`${n.explorerUrl.replace(/\/+$/, '')}/tx/${n.txHash}`)}">${short(n.txHash)}</a>` : `<code>${short(n.txHash)}</code>`;
  return {
    text: [
      `💰 <b>Deposit received: ${tokenAmount(n.amount, n.decimals)} ${esc(n.symbol)}</b> on ${esc(n.chainName)}`,
      `From <code>${esc(short(n.from))}</code>, transaction ${tx}, ${n.confirmations} confirmations.`,
      `It is in the group's balance now (/balance).`,
    ].join('\n'),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
}

export const depositMessages: DepositMessages = { credited: creditedText };
