import { describe, expect, it } from 'vitest';
import { withdrawButton } from './callback-data.js';
import { balancesText, confirmText, refusalText, withdrawalMessages } from './texts.js';

const notice = { withdrawalId: '7', chainName: 'Base <L2>', symbol: 'USDC', decimals: 6, amount: 12_500_000n, to: '0x56d619C532c98a161A93CB3b401F9517619EB9fd', txHash: `0x${'ab'.repeat(32)}`, explorerUrl: `https://basescan.org/tx/0x${'ab'.repeat(32)}` };

describe('the /withdraw texts', () => {
  it('shows held balances exactly with their minimums, and says when no wallet is linked', () => {
    const text = balancesText(
      [
        { chainId: 8453, chainName: 'Base', token: 'native', symbol: 'ETH', decimals: 18, amount: 0n, minWithdrawal: 1n },
        { chainId: 8453, chainName: 'Base', token: '0x83', symbol: 'USDC', decimals: 6, amount: 1_000_000_000_123n, minWithdrawal: 5_000_000n },
      ],
      [],
    );
    expect(text).toContain('• 1000000.000123 USDC on Base (at least 5 USDC per withdrawal)');
    expect(text).not.toContain('ETH');
    expect(text).toContain('No wallet linked: link one with /linkwallet first.');
  });

  it('confirms the amount and the wallet, and words each refusal with its numbers', () => {
    expect(confirmText(2_500_000n, 'USDC', 6, 'Base', notice.to)).toBe(`Withdraw 2.5 USDC on Base to <code>${notice.to}</code>?\nThis cannot be undone once sent.`);
    expect(confirmText('all', 'USDC', 6, 'Base', notice.to)).toMatch(/^Withdraw all your USDC on Base/);
    expect(refusalText({ reason: 'insufficient_balance', balance: 1_500_000n }, 'USDC', 6)).toBe('You hold 1.5 USDC: not enough for that withdrawal.');
    expect(refusalText({ reason: 'below_minimum', minimum: 5_000_000n }, 'USDC', 6)).toBe('The least you can withdraw is 5 USDC.');
  });

  it('tells the member a paid or failed withdrawal with a link to the transaction, escaping names', () => {
    const paid = withdrawalMessages.paid(notice);
    expect(paid.text).toContain('Withdrawal sent: 12.5 USDC</b> on Base &lt;L2&gt;');
    expect(paid.text).toContain(`<a href="${notice.explorerUrl}">0xabab…abab</a>`);
    expect(paid).toMatchObject({ parse_mode: 'HTML' });
    expect(withdrawalMessages.failed({ ...notice, explorerUrl: null }).text).toMatch(/failed on chain.*<code>0xabab…abab<\/code>.*back in your balance/);
  });

  it('builds buttons Telegram accepts and reads them back', () => {
    const data = withdrawButton.build({ go: true, ticket: 'AbCdEf123_-x' });
    expect(data).toBe('wd:go:AbCdEf123_-x');
    expect(withdrawButton.match(data)).toEqual({ go: true, ticket: 'AbCdEf123_-x' });
    expect(withdrawButton.match('wd:no:AbCdEf123_-x')).toEqual({ go: false, ticket: 'AbCdEf123_-x' });
    expect(withdrawButton.match('wd:go:short')).toBeNull();
  });
});
