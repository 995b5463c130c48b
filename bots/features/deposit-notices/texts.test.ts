import { describe, expect, it } from 'vitest';
import { creditedText, tokenAmount } from './texts.js';

describe('deposit notices', () => {
  it('writes amounts exactly in the token decimals', () => {
    expect(tokenAmount(1_500_500_000n, 6)).toBe('1500.5');
    expect(tokenAmount(10n ** 30n + 1n, 18)).toBe('1000000000000.000000000000000001');
    expect(tokenAmount(7n, 0)).toBe('7');
  });

  it('names the amount, the chain and links the transaction when the chain has an explorer', () => {
    const m = creditedText({
      chainId: 1, chainName: 'Ethereum', explorerUrl: 'https://etherscan.io/', token: '0xdac17f958d2ee523a2206206994597c13d831ec7', symbol: 'USDT', decimals: 6,
      amount: 500_000n, from: '0x1111111111111111111111111111111111111111', txHash: `0x${'ab'.repeat(32)}`, confirmations: 12,
    });
    expect(m.text).toContain('0.5 USDT');
    expect(m.text).toContain('on Ethereum');
    expect(m.text).toContain(`href="https://etherscan.io/tx/0x${'ab'.repeat(32)}"`);
    expect(m.parse_mode).toBe('HTML');
  });
});
