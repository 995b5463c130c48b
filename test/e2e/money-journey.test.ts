// Money's whole journey, as the people involved see it, on the local chain, the Telegram emulator and the X
// fake: an admin's project deposits 1000 USDT to the group's address; a raid with `pool=100 USDT` holds 100 of
// it; three members claim and are validated; the pool is split among them to the last unit; one member links
// a wallet by signing in private and withdraws everything with /withdraw; the chain shows one transfer to
// that wallet of exactly the share, the ledger sums to zero per asset, and `warhorn history verify` passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet, zeroPadValue } from 'ethers';
import { eventually, privateChats, startTestPlatform, type TestPlatform } from '../support/platform.js';
import type { LocalChain, TestTokenHandle } from '../../testkit/chain/index.js';
import { payingChain } from '../../services/withdrawals/withdrawals.test-support.js';
import { driftedBalances, sumsPerAsset } from '../../services/ledger/ledger.test-support.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import { runCli } from '../../cli.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

describe('money from a deposit to a member’s wallet', () => {
  let chain: LocalChain;
  let usdt: TestTokenHandle;
  let t: TestPlatform;
  let chats: ReturnType<typeof privateChats>;
  let groupId: ChatId;
  let admin: TelegramUserId;
  const members: Array<{ tg: TelegramUserId; x: { id: string; username: string } }> = [];
  const POOL = 100_000_000n;
  const DEPOSIT = 1_000_000_000n;
  let asset: { chainId: number; token: string };

  beforeAll(async () => {
    let env;
    ({ chain, usdt, asset, env } = await payingChain({ chainId: 31_339, confirmations: 2, float: 500_000_000n }));
    t = await startTestPlatform({
      env: { ...env, WITHDRAWAL_INTERVAL_MS: '500', DEPOSIT_SCAN_INTERVAL_MS: '500', RAID_VALIDATION_GRACE_MS: '1500' },
    });
    chats = privateChats(t);
    admin = uid(t.emulator.createUser({ firstName: 'Ada', username: 'ada_admin' }).id);
    for (let i = 0; i < 3; i++) {
      const tg = uid(t.emulator.createUser({ firstName: `Raider${i}`, username: `raider${i}_tg` }).id);
      const x = t.x.createUser({ username: `raider${i}_x`, createdAt: new Date('2021-03-01'), followers: 500 + i });
      members.push({ tg, x });
    }
    groupId = cid(t.emulator.createGroup({ title: 'Paid Raiders', type: 'supergroup', ownerId: admin, memberIds: members.map((m) => m.tg) }).id);
    t.emulator.addBotToGroup(groupId, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId))?.active, 'the group to register');
    for (const m of members) {
      await t.platform.users.touch({ id: m.tg, first_name: m.x.username }, t.bot.id);
      expect(await t.platform.users.linkXAccount(m.tg, m.x, 'oauth')).toMatchObject({ ok: true });
    }
  });
  afterAll(async () => {
    await t?.stop();
    await chain?.close();
  });

  const groupSays = (pattern: RegExp) => t.emulator.waitForMessage(groupId, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 30_000);
  const balanceOf = (kind: 'group_balance' | 'member_rewards', owner: number) => t.platform.ledger.balance({ kind, owner: String(owner) }, asset);

  it('credits the deposit, pays the pool out to the last unit, and a member withdraws their share to a signed-for wallet', async () => {
    // 1. The project sends 1000 USDT to the address /deposit shows.
    t.emulator.sendMessage(admin, groupId, '/deposit');
    const shown = await groupSays(/0x[0-9a-fA-F]{40}/);
    const address = /0x[0-9a-fA-F]{40}/.exec(shown.text!)![0];
    expect(address).toBe((await t.platform.wallet!.addressOf(groupId)).address);
    const funder = chain.accounts[0]!;
    await chain.mint(usdt, funder.address, DEPOSIT);
    await chain.transfer(funder, usdt, address, DEPOSIT);
    await chain.mine(2);
    await groupSays(/Deposit received: 1000 USDT/);
    expect(await balanceOf('group_balance', groupId)).toBe(DEPOSIT);

    // 2. A raid with a funded pool holds 100 of it.
    const project = t.x.createUser({ username: 'paidproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
    const post = t.x.post(project, 'Our bridge is live. Tell us what you think!');
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=3 for=1h pool=100 USDT`);
    const card = await groupSays(/RAID LIVE/);
    expect(await balanceOf('group_balance', groupId)).toBe(DEPOSIT - POOL);
    const raidId = (await t.platform.raids.latest(groupId))!.id;

    // 3. Three members claim and really reply; the raid ends when its target is reached and is validated.
    for (const m of members) {
      const pressed = await t.emulator.pressButton(m.tg, groupId, card.message_id, `raid:claim:${raidId}`);
      expect(pressed.answer?.text).toMatch(/Claim recorded/);
    }
    const words = ['fast', 'cheap', 'simple'];
    for (const [i, m] of members.entries()) t.x.reply(m.x, post.id, `Bridged in a minute, fees were ${words[i]} and the UI is clear (${i + 1})`);
    await groupSays(/Raid over.*every target reached/s);
    await groupSays(/validated/);

    // 4. Nobody is flagged, so the pool is paid at once: 100 USDT in three shares that add up exactly.
    await eventually(async () => (await balanceOf('member_rewards', members[0]!.tg)) > 0n, 'the pool to be paid out', 30_000);
    const shares = await Promise.all(members.map((m) => balanceOf('member_rewards', m.tg)));
    const returned = (await balanceOf('group_balance', groupId)) - (DEPOSIT - POOL);
    expect(shares.reduce((a, b) => a + b, 0n) + returned).toBe(POOL);
    for (const share of shares) expect(share).toBeGreaterThanOrEqual(POOL / 3n);
    expect(await t.platform.ledger.balance({ kind: 'group_pool', owner: raidId }, asset)).toBe(0n);

    // 5. The first member links a wallet by signing the one-time message in private.
    const ana = members[0]!.tg;
    await t.emulator.startBot(ana, t.bot.id);
    await chats.botSays(ana, /Hi /);
    const key = new Wallet(Wallet.createRandom().privateKey);
    t.emulator.sendMessage(ana, t.bot.id, `/linkwallet ${key.address}`);
    const instructions = await chats.botSays(ana, /Sign to link your wallet/);
    const pre = instructions.entities!.find((e) => e.type === 'pre')!;
    const message = instructions.text!.slice(pre.offset, pre.offset + pre.length);
    t.emulator.sendMessage(ana, t.bot.id, `/linkwallet sig ${await key.signMessage(message)}`);
    await chats.botSays(ana, new RegExp(`${key.address} is now linked to you`));

    // 6. /rewards shows the share; /withdraw all pays it to that wallet, once.
    t.emulator.sendMessage(ana, t.bot.id, '/rewards');
    await chats.botSays(ana, /USDT/);
    t.emulator.sendMessage(ana, t.bot.id, '/withdraw all USDT');
    const confirm = await chats.botSays(ana, /Withdraw .* USDT on Local to/);
    const go = confirm.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes('Withdraw'))!.callback_data!;
    await t.emulator.pressButton(ana, chats.dm(ana), confirm.message_id, go);
    await chats.botSays(ana, /Withdrawal of .* USDT to .* requested/);
    expect(await balanceOf('member_rewards', ana)).toBe(0n);
    await eventually(async () => (await chain.tokenBalance(usdt, key.address)) === shares[0], 'the transfer on chain', 30_000);
    await chain.mine(2);
    await chats.botSays(ana, /Withdrawal sent: .* USDT on Local to 0x.*, confirmed/);

    // 7. The chain shows exactly one transfer to the wallet, of exactly the share.
    const logs = await chain.provider.getLogs({ fromBlock: 0, toBlock: await chain.blockNumber(), address: usdt.address, topics: [TRANSFER_TOPIC, null, zeroPadValue(key.address, 32)] });
    expect(logs.map((l) => BigInt(l.data))).toEqual([shares[0]]);
    const [withdrawal] = (await t.platform.withdrawals!.list(ana)).items;
    expect(withdrawal).toMatchObject({ status: 'confirmed', amount: shares[0] });

    // 8. The books balance and the history verifies.
    expect(Object.values(await sumsPerAsset(t.platform.db)).every((total) => total === '0')).toBe(true);
    expect(await driftedBalances(t.platform.db)).toEqual([]);
    expect(await runCli(['history', 'verify'], { DATABASE_URL: t.platform.config.DATABASE_URL, LOG_LEVEL: 'silent' })).toBe(0);
  });
});
