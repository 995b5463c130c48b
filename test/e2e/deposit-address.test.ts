import { HDNodeWallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import { TEST_MNEMONIC, TEST_XPUB } from '../../services/wallet/wallet.test-support.js';

// /deposit as the people of a group see it, through the Telegram emulator: admins get the group's address
// (child i of WALLET_XPUB) and what it takes; members and private chats are told where and who.
const CHAINS = JSON.stringify([
  { id: 8453, name: 'Base', rpcUrl: 'https://rpc.base.example', confirmations: 10, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', decimals: 6 }] },
  { id: 56, name: 'BNB Chain', rpcUrl: 'https://rpc.bnb.example', confirmations: 1, native: { symbol: 'BNB', decimals: 18 } },
]);

describe('/deposit', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { WALLET_XPUB: TEST_XPUB, CHAINS } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const botSays = (chatId: number, pattern: RegExp) => t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 15_000);
  let n = 0;
  async function club() {
    const k = ++n;
    const owner = t.emulator.createUser({ firstName: 'Olivia', username: `olivia_dep${k}` }).id;
    const member = t.emulator.createUser({ firstName: 'Carol' }).id;
    const group = t.emulator.createGroup({ title: `Deposit Club ${k}`, type: 'supergroup', ownerId: owner, memberIds: [member] }).id;
    t.emulator.addBotToGroup(group, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(group)))?.active, 'the group to register');
    return { owner, member, group };
  }

  it("answers an admin with the group's address, the same every time, with the chains, tokens and confirmations", async () => {
    const { owner, group } = await club();
    t.emulator.sendMessage(owner, group, '/deposit');
    const card = await botSays(group, /deposit address/);
    const address = /0x[0-9a-fA-F]{40}/.exec(card.text ?? '')?.[0];
    const assigned = await t.platform.wallet!.addressOf(cid(group));
    expect(address).toBe(assigned.address);
    // The operator's private side derives the same address at the documented path.
    expect(address).toBe(HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, `m/44'/60'/0'/0/${assigned.index}`).address);
    expect(card.text).toContain('Base (chain 8453): ETH, USDC — credited after 10 confirmations');
    expect(card.text).toContain('BNB Chain (chain 56): BNB — credited after 1 confirmation');

    t.emulator.sendMessage(owner, group, '/deposit');
    await eventually(() => t.emulator.messages(group).filter((m) => m.from?.id === t.bot.id && /deposit address/.test(m.text ?? '')).length === 2, 'the second card');
    const cards = t.emulator.messages(group).filter((m) => m.from?.id === t.bot.id && /deposit address/.test(m.text ?? ''));
    expect(cards.every((c) => c.text?.includes(assigned.address))).toBe(true);
  });

  it('keeps the address of a group that upgrades to a supergroup', async () => {
    const owner = t.emulator.createUser({ firstName: 'Uma' }).id;
    const small = t.emulator.createGroup({ title: 'Small Deposit Club', type: 'group', ownerId: owner, memberIds: [] }).id;
    t.emulator.addBotToGroup(small, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(small)))?.active, 'the group to register');
    t.emulator.sendMessage(owner, small, '/deposit');
    const before = /0x[0-9a-fA-F]{40}/.exec((await botSays(small, /deposit address/)).text ?? '')![0];

    const upgraded = t.emulator.upgradeToSupergroup(small).id;
    await eventually(async () => (await t.platform.wallet!.owner(before)) === cid(upgraded), 'the address to follow the upgrade');
    await eventually(async () => (await t.platform.groups.get(cid(upgraded)))?.active, 'the supergroup to register');
    t.emulator.sendMessage(owner, upgraded, '/deposit');
    expect((await botSays(upgraded, /deposit address/)).text).toContain(before);
  });

  it('refuses a member, giving no address, and points a private chat to the group', async () => {
    const { member, group } = await club();
    t.emulator.sendMessage(member, group, '/deposit');
    await botSays(group, /only admins of this group/i);
    expect(await t.platform.wallet!.owner('0x0000000000000000000000000000000000000000')).toBeNull();
    expect((await t.platform.wallet!.watched()).some((w) => w.chatId === cid(group))).toBe(false);

    await t.emulator.startBot(member, t.bot.id);
    t.emulator.sendMessage(member, t.bot.id, '/deposit');
    await botSays(uid(member), /Use \/deposit inside your group/);
  });
});
