import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, privateChats, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import { TEST_XPUB } from '../../services/wallet/wallet.test-support.js';

// /balance and /rewards as people see them through the Telegram emulator: a group's admins get what the group
// holds per token and what its raid pools hold; a member gets their own rewards in private, with how to take
// them out; members, the wrong chat and a deployment without money are told where, who or why not.
const USDC = '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913';
const CHAINS = JSON.stringify([
  { id: 8453, name: 'Base', rpcUrl: 'http://127.0.0.1:9', confirmations: 10, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', decimals: 6 }] },
]);
const asset = { chainId: 8453, token: USDC };

describe('/balance and /rewards', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { WALLET_XPUB: TEST_XPUB, CHAINS } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const botSays = (chatId: number, pattern: RegExp) => t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 15_000);
  async function club(title: string) {
    const owner = t.emulator.createUser({ firstName: 'Olivia' }).id;
    const member = t.emulator.createUser({ firstName: 'Carol' }).id;
    const group = t.emulator.createGroup({ title, type: 'supergroup', ownerId: owner, memberIds: [member] }).id;
    t.emulator.addBotToGroup(group, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(group)))?.active, 'the group to register');
    return { owner, member, group };
  }

  it("shows an admin the group's balance per token and its held pools, in whole tokens", async () => {
    const { owner, group } = await club('Balance Club');
    await t.platform.ledger.post({
      idempotencyKey: `test-deposit:${group}`, kind: 'deposit',
      lines: [{ account: { kind: 'chain', owner: 'world' }, asset, amount: -1_250_500_000n }, { account: { kind: 'group_balance', owner: String(group) }, asset, amount: 1_250_500_000n }],
    });
    await t.platform.ledger.post({
      idempotencyKey: `launch-hold:${-group}`, kind: 'raid.hold',
      lines: [{ account: { kind: 'group_balance', owner: String(group) }, asset, amount: -250_000_000n }, { account: { kind: 'group_pool', owner: String(-group) }, asset, amount: 250_000_000n }],
      reference: { raidId: String(-group) },
    });
    t.emulator.sendMessage(owner, group, '/balance');
    const card = (await botSays(group, /group’s balance/)).text ?? '';
    expect(card).toContain('1000.5 USDC available (Base) · 250 held in pools');
    expect(card).toContain('0 ETH available (Base)');
    expect(card).toContain(`raid #${-group}: 250 USDC`);
    expect(card).toContain('/deposit');
  });

  it('refuses a member, and points a private chat to the group', async () => {
    const { member, group } = await club('Nosy Club');
    t.emulator.sendMessage(member, group, '/balance');
    const refusal = await botSays(group, /only admins of this group/i);
    expect(refusal.text).not.toMatch(/available/);
    await t.emulator.startBot(member, t.bot.id);
    t.emulator.sendMessage(member, t.bot.id, '/balance');
    await botSays(uid(member), /Use \/balance inside your group/);
  });

  it("answers a member's /rewards in private with what they earned and how to link a wallet and withdraw; a group gets pointed to the private chat", async () => {
    const { member, group } = await club('Reward Club');
    const { botSays: says } = privateChats(t);
    await t.emulator.startBot(member, t.bot.id);
    t.emulator.sendMessage(member, t.bot.id, '/rewards');
    expect((await says(member, /Your rewards/)).text).toContain('Nothing yet');

    await t.platform.ledger.post({
      idempotencyKey: `test-reward:${member}`, kind: 'raid.payout',
      lines: [{ account: { kind: 'chain', owner: 'world' }, asset, amount: -12_340_000n }, { account: { kind: 'member_rewards', owner: String(member) }, asset, amount: 12_340_000n }],
    });
    t.emulator.sendMessage(member, t.bot.id, '/rewards');
    const card = (await says(member, /Your rewards/)).text ?? '';
    expect(card).toContain('12.34 USDC (Base)');
    expect(card).not.toContain('ETH');
    expect(card).toContain('/linkwallet');
    expect(card).toContain('/withdraw');

    t.emulator.sendMessage(member, group, '/rewards');
    const pointer = await botSays(group, /private chat/);
    expect(pointer.text).not.toContain('12.34');
  });
});

describe('/balance and /rewards without money', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('say money is not set up', async () => {
    const owner = t.emulator.createUser({ firstName: 'Uma' }).id;
    const group = t.emulator.createGroup({ title: 'Cashless Club', type: 'supergroup', ownerId: owner, memberIds: [] }).id;
    t.emulator.addBotToGroup(group, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(group)))?.active, 'the group to register');
    t.emulator.sendMessage(owner, group, '/balance');
    await t.emulator.waitForMessage(group, (m) => m.from?.id === t.bot.id && /Money is not set up/.test(m.text ?? ''), 15_000);
    await t.emulator.startBot(owner, t.bot.id);
    t.emulator.sendMessage(owner, t.bot.id, '/rewards');
    await privateChats(t).botSays(owner, /Money is not set up/);
  });
});
