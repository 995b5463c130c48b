import { describe, expect, it } from 'vitest';
import type { AssetInfo } from '../../../services/money-views/index.js';
import { rewardsCard } from './texts.js';

const asset = (over: Partial<AssetInfo>): AssetInfo => ({ chainId: 1, chainName: 'Ethereum', token: 'native', symbol: 'ETH', decimals: 18, minWithdrawal: 1n, ...over });

describe('the /rewards card', () => {
  it('lists only what the member holds, exactly, with how to link a wallet and withdraw', () => {
    const text = rewardsCard([
      { asset: asset({}), amount: 0n },
      { asset: asset({ symbol: 'USDC', decimals: 6, chainName: 'Base' }), amount: 12_340_000n },
    ]);
    expect(text.split('\n').slice(0, 2)).toEqual(['🏆 <b>Your rewards</b>', '• <b>12.34 USDC</b> (Base)']);
    expect(text).not.toContain('ETH');
    expect(text).toMatch(/\/linkwallet.*\/withdraw/s);
  });

  it('says when there is nothing yet', () => {
    expect(rewardsCard([{ asset: asset({}), amount: 0n }])).toContain('Nothing yet');
  });
});
