import { describe, expect, it } from 'vitest';
import { createFormat } from '../../format';
import { en } from '../../texts/en';
import type { DepositRow, MoneyEntry } from '../../api/types';
import { depositState, entryTitle, shortHex, signedAmount, withdrawalAmount } from './money-lines';

const format = createFormat('en');
const entry = (over: Partial<MoneyEntry>): MoneyEntry => ({
  id: '1', at: '2026-12-01T10:00:00.000Z', kind: 'deposit', chainId: 1, chainName: 'Ethereum', token: 'native', symbol: 'USDC', decimals: 6,
  amount: '5000000', balanceAfter: '5000000', raidId: null, txHash: null, explorerUrl: null, ...over,
});

describe('money lines', () => {
  it('sign what came in and went out, exactly', () => {
    expect(signedAmount(format, entry({ amount: '1500500000' }))).toBe('+1,500.5 USDC');
    expect(signedAmount(format, entry({ amount: '-40' }))).toBe('−0.00004 USDC');
  });

  it('name the kinds they know, with the raid, and show others as they are', () => {
    expect(entryTitle(entry({ kind: 'raid.hold', raidId: '12' }), en)).toBe('Held for a raid pool · raid #12');
    expect(entryTitle(entry({ kind: 'fee.something' }), en)).toBe('fee.something');
    // A payout seen from the group is what came back; from the member, their reward.
    expect(entryTitle(entry({ kind: 'raid.payout', raidId: '7' }), en, 'group')).toBe('Raid pool remainder returned · raid #7');
    expect(entryTitle(entry({ kind: 'raid.payout', raidId: '7' }), en, 'member')).toBe('Raid reward · raid #7');
  });

  it("say a pending deposit's confirmations out of those needed, and the others' state", () => {
    const d = { status: 'seen', confirmations: 3, requiredConfirmations: 12 } as DepositRow;
    expect(depositState(d, en)).toBe('Pending · 3 of 12 confirmations');
    expect(depositState({ ...d, confirmations: 40 }, en)).toBe('Pending · 12 of 12 confirmations');
    expect(depositState({ ...d, status: 'credited' }, en)).toBe('Credited');
  });

  it('read a withdrawal amount typed in whole tokens, or all', () => {
    expect(withdrawalAmount('12.5', 6)).toBe('12500000');
    expect(withdrawalAmount(' ALL ', 6)).toBe('all');
    expect(withdrawalAmount('0', 6)).toBeNull();
    expect(withdrawalAmount('1.1234567', 6)).toBeNull();
    expect(shortHex('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBe('0xf39F…2266');
  });
});
