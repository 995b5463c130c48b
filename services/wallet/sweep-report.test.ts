import { getAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { cid } from '../platform/telegram-ids.test-support.js';
import type { SweepMove } from './sweep-execute.js';
import type { AddressPlan } from './sweep-plan.js';
import { human, reportLines } from './sweep-report.js';

const plan = (address: string, chat: number): AddressPlan => ({ address: { index: 0, address, chatId: cid(chat) }, nativeBalance: 0n, tokens: [], topUp: 0n, native: 0n, dust: 0n, stuck: [] });
const move = (over: Partial<SweepMove>): SweepMove => ({
  kind: 'token', plan: plan('0x' + 'aa'.repeat(20), -100), chainId: 1, chainName: 'Ethereum', symbol: 'USDT', decimals: 6, amount: 0n, fee: 0n, feeSymbol: 'ETH', feeDecimals: 18, txHash: '0x' + '01'.repeat(32), ...over,
});

describe('the sweep report', () => {
  it('writes amounts exactly in whole units', () => {
    expect(human(1_500_000n, 6)).toBe('1.5');
    expect(human(1n, 18)).toBe('0.000000000000000001');
    expect(human(10n ** 30n + 1n, 18)).toBe('1000000000000.000000000000000001');
    expect(human(0n, 6)).toBe('0');
    expect(human(42n, 0)).toBe('42');
  });

  it('lists each transaction and totals per chain and asset, top-ups apart from what was swept', () => {
    const lines = reportLines([
      move({ kind: 'gas', symbol: 'ETH', decimals: 18, amount: 10n ** 15n, fee: 21_000n * 10n ** 9n }),
      move({ amount: 2_500_000n, fee: 40_000n * 10n ** 9n }),
      move({ plan: plan('0x' + 'bb'.repeat(20), -200), amount: 500_000n }),
      move({ kind: 'native', symbol: 'ETH', decimals: 18, amount: 3n * 10n ** 17n }),
    ], '0x' + 'cc'.repeat(20));
    const text = lines.join('\n');
    expect(lines[0]).toBe(`Swept to ${getAddress('0x' + 'cc'.repeat(20))}:`);
    expect(text).toMatch(new RegExp(`${getAddress('0x' + 'aa'.repeat(20))}\\s+-100\\s+Ethereum \\(1\\)\\s+gas top-up\\s+ETH\\s+0\\.001\\s+0x(01){32}`));
    expect(text).toContain('Ethereum (1) USDT: 3 swept');
    expect(text).toContain('Ethereum (1) ETH: 0.3 swept, 0.001 sent in as gas');
    expect(text).toContain('Ethereum (1): 0.000061 ETH paid in fees');
    expect(reportLines([], '0x' + 'cc'.repeat(20))).toEqual([`Nothing was moved to ${getAddress('0x' + 'cc'.repeat(20))}.`]);
  });
});
