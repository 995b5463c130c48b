import { describe, expect, it } from 'vitest';
import type { ChainConfig } from '../../../services/platform/chains.js';
import { depositCard } from './texts.js';

const chain = (over: Partial<ChainConfig>): ChainConfig => ({ id: 1, name: 'Ethereum', rpcUrl: 'https://rpc.example', confirmations: 12, native: { symbol: 'ETH', decimals: 18 }, tokens: [], ...over });

describe('the /deposit card', () => {
  it('lists each chain with its coin, tokens and confirmations, escaping names', () => {
    const text = depositCard('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', [
      chain({ tokens: [{ address: '0xdAC17F958D2ee523a2206206994597C13D831ec7', symbol: 'USDT', decimals: 6 }] }),
      chain({ id: 31337, name: 'Local <dev>', confirmations: 1, native: { symbol: 'GO', decimals: 18 } }),
      chain({ id: 5, name: 'Instant', confirmations: 0 }),
    ]);
    expect(text.split('\n')).toEqual([
      '💰 <b>This group’s deposit address</b>',
      '<code>0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266</code>',
      '',
      'The same address takes, on each of these chains:',
      '• <b>Ethereum</b> (chain 1): ETH, USDT — credited after 12 confirmations',
      '• <b>Local &lt;dev&gt;</b> (chain 31337): GO — credited after 1 confirmation',
      '• <b>Instant</b> (chain 5): ETH — credited once in a block',
      '',
      'Only these coins and tokens are counted; anything else sent here is not credited. Deposits fund the group’s balance, which pays raid reward pools.',
    ]);
  });
});
