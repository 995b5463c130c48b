// The Mini App's money views in a real browser (Debian's Chromium, playwright-core), opened as Telegram Web
// opens them, against the real api role: an admin sees the group's balance and held pool, the deposit
// address with a QR code, pending and credited deposits with their confirmations and transactions with
// explorer links; a member sees their rewards and movements and links a wallet by pasting a signature,
// after which the withdrawal form offers it. Screenshots in test-artifacts/screenshots/, light and dark.
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { browserSuite, byTestId, view } from '../support/browser.js';
import { groupWithBot } from '../../miniapp/api/v1/raids.test-support.js';
import { encodeStartParam } from '../../miniapp/shared/start-param.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import { systemClock } from '../../services/platform/clock.js';
import { TEST_XPUB } from '../../services/wallet/wallet.test-support.js';
import { recordedDeposit } from '../../services/deposits/deposits.test-support.js';

const USDC = '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913';
const CHAINS = JSON.stringify([
  { id: 8453, name: 'Base', rpcUrl: 'http://127.0.0.1:9', confirmations: 10, explorerUrl: 'https://basescan.org', native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', decimals: 6 }] },
]);
const hash = (n: number) => `0x${n.toString(16).padStart(64, 'b')}`;


describe('the Mini App money views in a browser', () => {
  let t: TestPlatform;
  const { open } = browserSuite(async () => (t = await startTestPlatform({ env: { WALLET_XPUB: TEST_XPUB, CHAINS } })));

  it("shows an admin the group's balance, held pool, deposit address with its QR code, deposits and transactions", { timeout: 120_000 }, async () => {
    const ada = t.emulator.createUser({ firstName: 'Ada' }).id;
    const chatId = await groupWithBot(t, 'Vault Club', ada, []);
    const ledger = t.platform.ledger;
    const credited = await recordedDeposit(t.platform.db, systemClock, { chainId: 8453, chatId: cid(chatId), token: USDC, amount: 750_250_000n, txHash: hash(1), blockNumber: 100, head: 130 }, ledger);
    const pending = await recordedDeposit(t.platform.db, systemClock, { chainId: 8453, chatId: cid(chatId), token: 'native', amount: 2n * 10n ** 17n, txHash: hash(2), blockNumber: 127, head: 130 });
    await ledger.post({
      idempotencyKey: 'launch-hold:424242', kind: 'raid.hold',
      lines: [{ account: { kind: 'group_balance', owner: String(chatId) }, asset: { chainId: 8453, token: USDC }, amount: -250_000_000n }, { account: { kind: 'group_pool', owner: '424242' }, asset: { chainId: 8453, token: USDC }, amount: 250_000_000n }],
      reference: { raidId: '424242', chatId: String(chatId) },
    });
    const address = (await t.platform.wallet!.addressOf(cid(chatId))).address;

    for (const theme of ['light', 'dark'] as const) {
      const tg = await open(ada, { theme, startParam: encodeStartParam({ view: 'group', chatId }) });
      const { app } = tg;
      await view(app, 'group');
      await byTestId(app, 'open-money').click();
      await view(app, 'money');
      await expect.poll(() => byTestId(app, 'balance-8453-USDC').innerText()).toMatch(/500\.25 USDC available[\s\S]*250 USDC held/);
      expect(await byTestId(app, 'balance-8453-ETH').innerText()).toMatch(/0 ETH available/);
      expect(await byTestId(app, 'pool-424242').innerText()).toMatch(/Raid #424242[\s\S]*250 USDC/);

      // The address as /deposit gives it, and its QR code drawn as an image the browser decoded.
      await expect.poll(() => byTestId(app, 'deposit-address').innerText()).toContain(address);
      const qr = byTestId(app, 'deposit-qr').locator('img');
      await expect.poll(() => qr.evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; })).toBe(true);

      await expect.poll(() => byTestId(app, `deposit-${pending.id}`).innerText()).toMatch(/0\.2 ETH[\s\S]*Pending · 4 of 10 confirmations/);
      expect(await byTestId(app, `deposit-${credited.id}`).innerText()).toMatch(/750\.25 USDC[\s\S]*Credited/);
      expect(await byTestId(app, `deposit-${pending.id}-explorer`).getAttribute('href')).toBe(`https://basescan.org/tx/${hash(2)}`);

      const transactions = byTestId(app, 'group-transactions');
      await expect.poll(() => transactions.innerText()).toMatch(/Held for a raid pool · raid #424242[\s\S]*−250 USDC[\s\S]*Deposit[\s\S]*\+750\.25 USDC/);
      const depositLine = transactions.locator('[data-kind="deposit"]');
      expect(await depositLine.locator('a').getAttribute('href')).toBe(`https://basescan.org/tx/${hash(1)}`);
      await byTestId(app, 'deposit-qr').scrollIntoViewIfNeeded();
      await tg.screenshot('group-money');
      await tg.close();
    }
  });

  it('shows a member their rewards and movements, links a wallet by signature, and then offers it for a withdrawal', { timeout: 120_000 }, async () => {
    const cara = t.emulator.createUser({ firstName: 'Cara' }).id;
    const asset = { chainId: 8453, token: USDC };
    await t.platform.ledger.post({
      idempotencyKey: `test-reward:${cara}`, kind: 'raid.payout',
      lines: [{ account: { kind: 'chain', owner: 'world' }, asset, amount: -12_340_000n }, { account: { kind: 'member_rewards', owner: String(cara) }, asset, amount: 12_340_000n }],
      reference: { raidId: '31337' },
    });
    const key = Wallet.createRandom();

    const tg = await open(cara);
    const { app } = tg;
    await view(app, 'home');
    await byTestId(app, 'open-rewards').click();
    await view(app, 'rewards');
    await expect.poll(() => byTestId(app, 'reward-8453-USDC').innerText()).toMatch(/12\.34 USDC[\s\S]*Base/);
    expect(await byTestId(app, 'reward-8453-ETH').count()).toBe(0);
    await expect.poll(() => byTestId(app, 'my-transactions').innerText()).toMatch(/Raid reward · raid #31337[\s\S]*\+12\.34 USDC/);
    await byTestId(app, 'wallets-empty').waitFor();
    await byTestId(app, 'withdraw-needs-wallet').waitFor();

    // Link: the app asks for the message, the wallet signs exactly what the app shows, the signature goes back.
    await byTestId(app, 'wallet-address').fill(key.address);
    await byTestId(app, 'wallet-challenge').click();
    const message = await eventually(async () => (await byTestId(app, 'wallet-message').count()) > 0 && (await byTestId(app, 'wallet-message').innerText()), 'the message to sign');
    await byTestId(app, 'wallet-signature').fill(await key.signMessage(message));
    await tg.screenshot('rewards-link-wallet');
    await byTestId(app, 'wallet-link').click();
    await byTestId(app, `wallet-${key.address}`).waitFor();
    expect((await t.platform.users.walletsOf(uid(cara))).map((w) => w.address)).toEqual([key.address]);

    // The withdrawal form now offers the linked wallet and the rewards held (submitting it is the withdrawals'
    // own test: POST /me/withdrawals is built on another branch).
    expect(await byTestId(app, 'withdraw-to').inputValue()).toBe(key.address);
    expect(await byTestId(app, 'withdraw-asset').locator('option').allInnerTexts()).toEqual(['USDC (Base) · 12.34 USDC']);
    await byTestId(app, 'withdraw-amount').fill('1.2345678');
    await byTestId(app, 'withdraw-submit').click();
    await expect.poll(() => byTestId(app, 'withdraw-error').innerText()).toMatch(/at most 6 decimals/);
    await tg.screenshot('rewards');
  });
});
