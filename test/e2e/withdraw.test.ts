// A member withdraws rewards from the private chat, end to end: /withdraw shows the balance, `/withdraw 2.5
// USDT` asks to confirm with a button, ✅ moves the amount out of the balance at once, the worker role pays
// it from the hot wallet on the local chain, and after the confirmations the member is told. A double tap
// withdraws once; a deployment without a hot wallet says withdrawals are off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { eventually, privateChats, startTestPlatform, type TestPlatform } from '../support/platform.js';
import type { LocalChain, TestTokenHandle } from '../../testkit/chain/index.js';
import type { Asset } from '../../services/ledger/index.js';
import { uid } from '../../services/platform/telegram-ids.test-support.js';
import { linkWallet, payingChain, reward } from '../../services/withdrawals/withdrawals.test-support.js';

describe('/withdraw in private', () => {
  let chain: LocalChain;
  let usdt: TestTokenHandle;
  let asset: Asset;
  let t: TestPlatform;
  let off: TestPlatform;
  beforeAll(async () => {
    let env;
    ({ chain, usdt, asset, env } = await payingChain({ chainId: 31_338, confirmations: 2 }));
    const { HOT_WALLET_KEY: _noHotWallet, ...withoutHotWallet } = env;
    [t, off] = await Promise.all([
      startTestPlatform({ env: { ...env, WITHDRAWAL_INTERVAL_MS: '500', DEPOSIT_SCAN_INTERVAL_MS: '3600000' } }),
      startTestPlatform({ env: withoutHotWallet }),
    ]);
  });
  afterAll(async () => {
    await t?.stop();
    await off?.stop();
    await chain?.close();
  });

  it('shows the balance, confirms with a button, pays once on chain after the confirmations, and tells the member', async () => {
    const chats = privateChats(t);
    const ana = t.emulator.createUser({ firstName: 'Ana' }).id;
    await t.emulator.startBot(ana, t.bot.id);
    await chats.botSays(ana, /Hi /);
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    await linkWallet(t.platform.users, uid(ana), wallet);
    await reward(t.platform.ledger, 'test:e2e:ana', uid(ana), asset, 4_000_000n);

    t.emulator.sendMessage(ana, t.bot.id, '/withdraw');
    await chats.botSays(ana, /Your rewards[\s\S]*4 USDT on Local \(at least 1 USDT per withdrawal\)[\s\S]*How to withdraw/);
    t.emulator.sendMessage(ana, t.bot.id, '/withdraw 2.5 usdt');
    const confirm = await chats.botSays(ana, /Withdraw 2\.5 USDT on Local to/);
    expect(confirm.text).toContain(wallet.address);
    t.emulator.sendMessage(ana, t.bot.id, '/withdraw 0.5 USDT');
    await chats.botSays(ana, /Withdraw 0\.5 USDT/);

    const go = confirm.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes('Withdraw'))!.callback_data!;
    await Promise.all([t.emulator.pressButton(ana, chats.dm(ana), confirm.message_id, go), t.emulator.pressButton(ana, chats.dm(ana), confirm.message_id, go)]);
    await chats.botSays(ana, /Withdrawal of 2\.5 USDT to .* requested/);
    const balance = () => t.platform.ledger.balance({ kind: 'member_rewards', owner: String(ana) }, asset);
    expect(await balance()).toBe(1_500_000n);

    // Mined at once; told after the second confirmation.
    await eventually(async () => (await chain.tokenBalance(usdt, wallet.address)) === 2_500_000n, 'the transfer on chain', 20_000);
    await chain.mine(2);
    await chats.botSays(ana, /Withdrawal sent: 2\.5 USDT on Local to 0x.*, confirmed/);
    const [item] = (await t.platform.withdrawals!.list(uid(ana))).items;
    expect(item).toMatchObject({ status: 'confirmed', amount: 2_500_000n });
    expect(await chain.tokenBalance(usdt, wallet.address)).toBe(2_500_000n);
    expect((await t.platform.withdrawals!.list(uid(ana))).items).toHaveLength(1);
    expect(await balance()).toBe(1_500_000n);
  });

  it('answers usage for bad input and says when withdrawals are off', async () => {
    const chats = privateChats(t);
    const bo = t.emulator.createUser({ firstName: 'Bo' }).id;
    await t.emulator.startBot(bo, t.bot.id);
    await chats.botSays(bo, /Hi /);
    t.emulator.sendMessage(bo, t.bot.id, '/withdraw lots USDT');
    await chats.botSays(bo, /not a number[\s\S]*How to withdraw/);
    t.emulator.sendMessage(bo, t.bot.id, '/withdraw 5 DOGE');
    await chats.botSays(bo, /DOGE is not a token you can withdraw here; these are: ETH, USDT/);
    t.emulator.sendMessage(bo, t.bot.id, '/withdraw 5 USDT');
    await chats.botSays(bo, /Link a wallet first/);

    const offChats = privateChats(off);
    const cy = off.emulator.createUser({ firstName: 'Cy' }).id;
    await off.emulator.startBot(cy, off.bot.id);
    await offChats.botSays(cy, /Hi /);
    off.emulator.sendMessage(cy, off.bot.id, '/withdraw 5 USDT');
    await offChats.botSays(cy, /Withdrawals are not available/);
  });
});
