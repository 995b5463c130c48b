// Words of /withdraw and of the withdrawal notices (the WithdrawalMessages port of
// services/withdrawals/messages.ts). Telegram HTML; amounts exact (bigint), in the token's decimals.
import { escapeHtml as esc } from '../../html.js';
import { tokenAmount } from '../deposit-notices/texts.js';
import type { RewardBalance, WithdrawalMessageContent, WithdrawalMessages, WithdrawalNotice, WithdrawalRefusal, Withdrawal } from '../../../services/withdrawals/index.js';
import type { LinkedWallet } from '../../../services/users/index.js';

const short = (hex: string) => `${hex.slice(0, 6)}…${hex.slice(-4)}`;

export const WITHDRAWALS_OFF = 'Withdrawals are not available on this bot yet. Your rewards stay safe in your balance.';
export const WITHDRAW_IN_PRIVATE = 'Withdrawals are private: send /withdraw to me in a private chat.';

export const WITHDRAW_USAGE = [
  '<b>How to withdraw</b>',
  '<code>/withdraw 25 USDT</code> — 25 USDT to your linked wallet',
  '<code>/withdraw all USDT</code> — everything you hold of it',
  '<code>/withdraw 25 USDT 0xYourWallet</code> — when you linked several wallets',
  'The amount leaves your balance at once; it is sent on chain within minutes.',
].join('\n');

export function balancesText(balances: readonly RewardBalance[], wallets: readonly LinkedWallet[]): string {
  const held = balances.filter((b) => b.amount > 0n);
  return [
    '💸 <b>Your rewards</b>',
    ...(held.length
      ? held.map((b) => `• ${tokenAmount(b.amount, b.decimals)} ${esc(b.symbol)} on ${esc(b.chainName)} (at least ${tokenAmount(b.minWithdrawal, b.decimals)} ${esc(b.symbol)} per withdrawal)`)
      : ['Nothing to withdraw yet.']),
    '',
    wallets.length ? `Wallets: ${wallets.map((w) => `<code>${w.address}</code>`).join(', ')}` : 'No wallet linked: link one with /linkwallet first.',
    '',
    WITHDRAW_USAGE,
  ].join('\n');
}

export const unknownSymbol = (symbol: string, known: string[]) =>
  `${esc(symbol.toUpperCase())} is not a token you can withdraw here${known.length ? `; these are: ${known.map(esc).join(', ')}` : ''}.\n\n${WITHDRAW_USAGE}`;
export const BAD_AMOUNT = `That amount is not a number I can send.\n\n${WITHDRAW_USAGE}`;
export const tooManyDecimals = (symbol: string, decimals: number) => `${esc(symbol)} has ${decimals} decimals; the amount has more.`;
export const NO_WALLET = 'Link a wallet first with /linkwallet: rewards go only to wallets you proved are yours.';
export const pickWallet = (wallets: readonly LinkedWallet[]) =>
  `You linked several wallets: name one at the end, e.g. <code>/withdraw 25 USDT ${wallets[0]!.address}</code>.\n${wallets.map((w) => `• <code>${w.address}</code>`).join('\n')}`;

export function confirmText(amount: bigint | 'all', symbol: string, decimals: number, chainName: string, to: string): string {
  const what = amount === 'all' ? `all your ${esc(symbol)}` : `${tokenAmount(amount, decimals)} ${esc(symbol)}`;
  return `Withdraw ${what} on ${esc(chainName)} to <code>${to}</code>?\nThis cannot be undone once sent.`;
}
export const CONFIRM = '✅ Withdraw';
export const CANCEL = 'Cancel';
export const CANCELLED = 'Cancelled: nothing moved.';
export const EXPIRED = 'That confirmation expired or was used already. Send /withdraw again.';

export function requestedText(w: Withdrawal): string {
  return `⏳ Withdrawal of ${tokenAmount(w.amount, w.decimals)} ${esc(w.symbol)} to <code>${w.to}</code> requested. It left your balance and goes on chain shortly; I will tell you when it is confirmed.`;
}

export function refusalText(r: WithdrawalRefusal, symbol: string, decimals: number): string {
  switch (r.reason) {
    case 'insufficient_balance':
      return `You hold ${tokenAmount(r.balance, decimals)} ${esc(symbol)}: not enough for that withdrawal.`;
    case 'below_minimum':
      return `The least you can withdraw is ${tokenAmount(r.minimum, decimals)} ${esc(symbol)}.`;
    case 'wallet_not_linked':
      return 'That wallet is not linked to you. Link it with /linkwallet, or pick one of yours.';
    case 'bad_address':
      return `That is not a wallet address.\n\n${WITHDRAW_USAGE}`;
    case 'unknown_token':
      return `That token cannot be withdrawn here.\n\n${WITHDRAW_USAGE}`;
  }
}

const txLink = (n: WithdrawalNotice) => (n.explorerUrl ? `<a href="${esc(n.explorerUrl)}">${short(n.txHash)}</a>` : `<code>${short(n.txHash)}</code>`);

export const withdrawalMessages: WithdrawalMessages = {
  paid: (n): WithdrawalMessageContent => ({
    text: `✅ <b>Withdrawal sent: ${tokenAmount(n.amount, n.decimals)} ${esc(n.symbol)}</b> on ${esc(n.chainName)} to <code>${short(n.to)}</code>, confirmed (transaction ${txLink(n)}).`,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  }),
  failed: (n): WithdrawalMessageContent => ({
    text: `⚠️ <b>Withdrawal failed on chain</b>: ${tokenAmount(n.amount, n.decimals)} ${esc(n.symbol)} to <code>${short(n.to)}</code> (transaction ${txLink(n)}). The amount is back in your balance; try again later.`,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  }),
};
