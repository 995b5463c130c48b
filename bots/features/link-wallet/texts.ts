import { escapeHtml as esc } from '../../html.js';
import type { LinkedWallet, WalletChallenge, WalletLinkResult } from '../../../services/users/index.js';

// Texts of /linkwallet, in Telegram HTML. Anything a person typed goes through esc().

/** The first line of the signing instructions: how a reply is known to answer one. */
export const CHALLENGE_TITLE = '🔐 Sign to link your wallet';

const walletLines = (wallets: readonly LinkedWallet[]) =>
  wallets.length === 0 ? ['No wallet is linked to you yet.'] : ['Linked to you now:', ...wallets.map((w) => `• <code>${w.address}</code>`)];

export function offerText(wallets: readonly LinkedWallet[]): string {
  return [
    '👛 <b>Link a wallet</b>',
    '',
    ...walletLines(wallets),
    '',
    'Send <code>/linkwallet 0xYourAddress</code>. I answer with a message to sign in that wallet; the signature proves the wallet is yours.',
    'Rewards are withdrawn only to wallets linked this way. One wallet belongs to one member.',
  ].join('\n');
}

const utcTime = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

export function challengeText(challenge: WalletChallenge): string {
  return [
    `<b>${CHALLENGE_TITLE}</b> <code>${challenge.address}</code>`,
    '',
    '1. Copy this message exactly as it is and sign it in that wallet (its “Sign message”, personal_sign):',
    `<pre>${esc(challenge.message)}</pre>`,
    '2. Send me the signature as <code>/linkwallet sig 0x…</code>, or reply to this message with it.',
    '',
    `It works once and expires at ${utcTime(challenge.expiresAt)} (10 minutes). Signing is free: it sends no transaction and moves no funds. Never sign a message you did not ask for.`,
  ].join('\n');
}

export const LINKWALLET_USAGE = [
  'That is not a wallet address or a signature.',
  '',
  '<code>/linkwallet 0xYourAddress</code> — get a message to sign with that wallet',
  '<code>/linkwallet sig 0x…</code> — send the signature of that message',
  '',
  'An address is 0x and 40 hexadecimal characters; a signature is 0x and 130.',
].join('\n');

export function linkInPrivate(botUsername: string): string {
  return `🔒 Link a wallet in a private chat with me: <a href="${deepLink(botUsername)}">open the chat</a> and press Start.`;
}

export const OPEN_PRIVATE_CHAT = 'Link my wallet';

export const deepLink = (botUsername: string) => `https://t.me/${encodeURIComponent(botUsername)}?start=linkwallet`;

export function resultText(result: WalletLinkResult): string {
  if (result.ok) {
    const address = `<code>${result.wallet.address}</code>`;
    return result.unchanged ? `✅ ${address} was already linked to you.` : `✅ ${address} is now linked to you. Rewards can be withdrawn to it.`;
  }
  const address = result.address ? `<code>${result.address}</code>` : 'That wallet';
  switch (result.reason) {
    case 'taken':
      return `⛔ ${address} is already linked to another member. One wallet belongs to one member; if it is yours, contact the group's admins.`;
    case 'bad_signature':
      return [
        `❌ That is not a signature of the message by ${address}.`,
        // Recovered over our text: the other wallet if one signed it, a meaningless address if the text changed.
        ...(result.recovered ? [`Against this message it comes from <code>${result.recovered}</code>: either another wallet signed it (pick the one the message names), or the text signed was not exactly the message.`] : []),
        'Sign the message exactly as I sent it (every line) and send the signature again; the message still works until it expires.',
      ].join('\n');
    case 'expired':
      return '⌛ That message has expired. Send <code>/linkwallet 0xYourAddress</code> for a new one.';
    case 'no_challenge':
      return 'There is no message waiting for your signature (it was used or replaced). Send <code>/linkwallet 0xYourAddress</code> for a new one.';
  }
}
