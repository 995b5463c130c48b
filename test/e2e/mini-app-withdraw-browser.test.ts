// Withdrawing from the Mini App in a real browser (Debian's Chromium) against the real platform and the local
// chain: a member with rewards and a linked wallet fills the form, the rewards drop at once, the withdrawal is
// listed as it goes, the worker pays it from the hot wallet, and after the confirmations the list says
// confirmed with a link to the explorer, without reopening the app.
import { Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { browserSuite, byTestId, view } from '../support/browser.js';
import type { LocalChain, TestTokenHandle } from '../../testkit/chain/index.js';
import type { Asset } from '../../services/ledger/index.js';
import { linkWallet, payingChain, reward } from '../../services/withdrawals/withdrawals.test-support.js';
import { uid } from '../../services/platform/telegram-ids.test-support.js';

describe('withdrawing from the Mini App in a browser', () => {
  let chain: LocalChain;
  let usdt: TestTokenHandle;
  let asset: Asset;
  let t: TestPlatform;
  // Registered before the suite's own hooks, so it runs after them (vitest runs after-hooks as a stack):
  // the chain goes once the platform that pays on it has stopped.
  afterAll(async () => {
    await chain?.close();
  });
  const { open } = browserSuite(async () => {
    let env;
    ({ chain, usdt, asset, env } = await payingChain({ chainId: 31_340, confirmations: 2 }));
    return (t = await startTestPlatform({ env: { ...env, WITHDRAWAL_INTERVAL_MS: '500', DEPOSIT_SCAN_INTERVAL_MS: '3600000' } }));
  });

  it('takes the amount at once, pays it on chain and shows the withdrawal confirmed', { timeout: 120_000 }, async () => {
    const dana = t.emulator.createUser({ firstName: 'Dana' }).id;
    const key = new Wallet(Wallet.createRandom().privateKey);
    await linkWallet(t.platform.users, uid(dana), key);
    await reward(t.platform.ledger, 'test:browser:dana', uid(dana), asset, 7_500_000n);

    const tg = await open(dana);
    try {
      const { app } = tg;
      await view(app, 'home');
      await byTestId(app, 'open-rewards').click();
      await view(app, 'rewards');
      await expect.poll(() => byTestId(app, 'reward-31340-USDT').innerText()).toMatch(/7\.5 USDT/);
      expect(await byTestId(app, 'withdraw-to').inputValue()).toBe(key.address);

      // Below the token's minimum: refused before anything moves.
      await byTestId(app, 'withdraw-amount').fill('0.5');
      await byTestId(app, 'withdraw-submit').click();
      await expect.poll(() => byTestId(app, 'withdraw-error').innerText()).toMatch(/1 USDT/);

      await byTestId(app, 'withdraw-amount').fill('2.5');
      await byTestId(app, 'withdraw-submit').click();
      await expect.poll(() => byTestId(app, 'reward-31340-USDT').innerText(), { timeout: 15_000 }).toMatch(/^(?![\s\S]*7\.5)[\s\S]*5 USDT/);
      const row = app.locator('[data-testid^="withdrawal-"][data-status]');
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
      expect(await row.innerText()).toMatch(/2\.5 USDT/);

      // The worker pays it; two more blocks confirm it; the list follows by itself.
      await expect.poll(() => chain.tokenBalance(usdt, key.address), { timeout: 20_000 }).toBe(2_500_000n);
      await chain.mine(2);
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('confirmed');
      expect(await row.innerText()).toMatch(/Confirmed/);
      const [paid] = (await t.platform.withdrawals!.list(uid(dana))).items;
      expect(await row.locator('a').getAttribute('href')).toBe(`https://explorer.example/tx/${paid!.txHash}`);
      expect(await t.platform.ledger.balance({ kind: 'member_rewards', owner: String(dana) }, asset)).toBe(5_000_000n);
      await tg.screenshot('rewards-withdrawn');
    } finally {
      await tg.close();
    }
  });
});
