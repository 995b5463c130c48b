import { describe, expect, it } from 'vitest';
import type { AssetInfo } from '../../../services/money-views/index.js';
import { balanceCard } from './texts.js';

const asset = (over: Partial<AssetInfo>): AssetInfo => ({ chainId: 1, chainName: 'Ethereum', token: 'native', symbol: 'ETH', decimals: 18, minWithdrawal: 1n, ...over });

describe('the /balance card', () => {
  it('shows each asset in whole tokens with what pools hold, each held pool, and where to deposit; escaping names', () => {
    const usdt = asset({ token: '0xdac17f958d2ee523a2206206994597c13d831ec7', symbol: 'USDT', decimals: 6 });
    const text = balanceCard({
      balances: [
        { asset: asset({}), available: 5n * 10n ** 17n, held: 0n },
        { asset: usdt, available: 1_500_500_000n, held: 250_000_000n },
        { asset: asset({ chainId: 9, chainName: 'Dev <local>', symbol: 'GO' }), available: 0n, held: 0n },
      ],
      pools: [{ raidId: '42', asset: usdt, amount: 250_000_000n }],
    });
    expect(text.split('\n')).toEqual([
      '💰 <b>This group’s balance</b>',
      '• <b>0.5 ETH</b> available (Ethereum)',
      '• <b>1500.5 USDT</b> available (Ethereum) · 250 held in pools',
      '• <b>0 GO</b> available (Dev &lt;local&gt;)',
      '',
      '<b>Held for raid reward pools</b> (paid out or returned when the raid is settled):',
      '• raid #42: 250 USDT',
      '',
      'Add to it with /deposit (the group’s deposit address). The balance pays raid reward pools (<code>/raid … pool=100 USDT</code>).',
    ]);
  });
});
