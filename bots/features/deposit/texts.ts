// Words of /deposit, in Telegram HTML.
import { escapeHtml as esc } from '../../html.js';
import type { ChainConfig } from '../../../services/platform/chains.js';

/** The group's deposit address and what it takes: every configured chain, its coin and tokens. */
export function depositCard(address: string, chains: readonly ChainConfig[]): string {
  const lines = chains.map((c) => {
    const assets = [c.native.symbol, ...c.tokens.map((t) => t.symbol)].map(esc).join(', ');
    const wait = c.confirmations === 0 ? 'credited once in a block' : `credited after ${c.confirmations} confirmation${c.confirmations === 1 ? '' : 's'}`;
    return `• <b>${esc(c.name)}</b> (chain ${c.id}): ${assets} — ${wait}`;
  });
  return [
    '💰 <b>This group’s deposit address</b>',
    `<code>${esc(address)}</code>`,
    '',
    chains.length === 1 ? 'It takes, on this chain:' : 'The same address takes, on each of these chains:',
    ...lines,
    '',
    'Only these coins and tokens are counted; anything else sent here is not credited. Deposits fund the group’s balance, which pays raid reward pools.',
  ].join('\n');
}

export const DEPOSITS_OFF = 'Deposits are not set up on this deployment: the operator has not configured a wallet and chains.';
export const USE_IN_GROUP = 'Use /deposit inside your group (admins): each group has its own deposit address.';
