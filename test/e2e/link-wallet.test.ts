import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { privateChats, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';

// A member links a wallet from the private chat: /linkwallet 0x… gives the EIP-4361 message in a code
// block, the member signs it with their key (an ethers Wallet here) and sends the signature back, by
// command or as a reply. All through the Telegram emulator and the platform's own bot.
describe('linking a wallet in private', () => {
  let t: TestPlatform;
  /** The bot's messages in each member's private chat, each read once. */
  let chats: ReturnType<typeof privateChats>;

  beforeAll(async () => {
    t = await startTestPlatform();
    chats = privateChats(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const dm = (userId: number) => chats.dm(userId);
  const botSays = (userId: number, pattern: RegExp) => chats.botSays(userId, pattern);
  const person = async (name: string) => {
    const user = t.emulator.createUser({ firstName: name });
    await t.emulator.startBot(user.id, t.bot.id);
    await botSays(user.id, /Hi /);
    return uid(user.id);
  };
  /** The text of the message's code block: what the member copies into their wallet. */
  const codeBlock = (m: { text?: string; entities?: Array<{ type: string; offset: number; length: number }> }) => {
    const pre = m.entities?.find((e) => e.type === 'pre');
    if (!pre || !m.text) throw new Error('the instructions carry no code block');
    return m.text.slice(pre.offset, pre.offset + pre.length);
  };

  it('gives the message to sign for /linkwallet 0x…, and links the wallet on /linkwallet sig, once', async () => {
    const ana = await person('Ana');
    const key = Wallet.createRandom();
    t.emulator.sendMessage(ana, t.bot.id, '/linkwallet');
    await botSays(ana, /Link a wallet[\s\S]*No wallet is linked to you yet/);

    t.emulator.sendMessage(ana, t.bot.id, `/linkwallet ${key.address.toLowerCase()}`);
    const instructions = await botSays(ana, /Sign to link your wallet/);
    const message = codeBlock(instructions);
    expect(message).toMatch(new RegExp(`^127\\.0\\.0\\.1:\\d+ wants you to sign in with your Ethereum account:\\n${key.address}\\n`));
    expect(message).toMatch(/\nVersion: 1\nChain ID: \d+\nNonce: [A-Za-z0-9]{8,}\nIssued At: .+\nExpiration Time: .+$/);
    expect(instructions.text).toMatch(/\/linkwallet sig 0x…/);

    const signature = await key.signMessage(message);
    t.emulator.sendMessage(ana, t.bot.id, `/linkwallet sig ${signature}`);
    await botSays(ana, new RegExp(`${key.address} is now linked to you`));
    expect(await t.platform.users.walletsOf(ana)).toEqual([{ address: key.address, linkedAt: expect.any(Date) }]);

    t.emulator.sendMessage(ana, t.bot.id, `/linkwallet sig ${signature}`);
    await botSays(ana, /no message waiting for your signature/);
    t.emulator.sendMessage(ana, t.bot.id, '/linkwallet');
    await botSays(ana, new RegExp(`Linked to you now:\\n• ${key.address}`));
  });

  it('takes the signature as a reply to the instructions, and names the wrong key that signed', async () => {
    const ben = await person('Ben');
    const [key, other] = [Wallet.createRandom(), Wallet.createRandom()];
    t.emulator.sendMessage(ben, t.bot.id, `/linkwallet ${key.address}`);
    const instructions = await botSays(ben, /Sign to link your wallet/);
    const message = codeBlock(instructions);

    t.emulator.sendMessage(ben, t.bot.id, await other.signMessage(message), { replyToMessageId: instructions.message_id });
    await botSays(ben, new RegExp(`not a signature of the message by ${key.address}[\\s\\S]*comes from ${other.address}`));
    t.emulator.sendMessage(ben, t.bot.id, await key.signMessage(message), { replyToMessageId: instructions.message_id });
    await botSays(ben, new RegExp(`${key.address} is now linked to you`));
  });

  it("refuses a wallet another member linked, and the platform's history records the claim", async () => {
    const [cy, di] = [await person('Cy'), await person('Di')];
    const key = Wallet.createRandom();
    for (const who of [cy, di]) {
      t.emulator.sendMessage(who, t.bot.id, `/linkwallet ${key.address}`);
      const message = codeBlock(await botSays(who, /Sign to link your wallet/));
      t.emulator.sendMessage(who, t.bot.id, `/linkwallet sig ${await key.signMessage(message)}`);
    }
    await botSays(cy, /is now linked to you/);
    await botSays(di, /already linked to another member/);
    expect(await t.platform.users.walletOwner(key.address)).toBe(cy);
    const trail = await t.platform.history.list({ subjectKind: 'user', subjectId: String(di) });
    expect(trail.find((e) => e.action === 'user.wallet_link_refused')?.data).toMatchObject({ address: key.address.toLowerCase(), ownerTelegramId: String(cy) });
  });

  it('answers bad input with the usage, and a group with a link to the private chat', async () => {
    const eve = await person('Eve');
    for (const bad of ['/linkwallet vitalik.eth', '/linkwallet 0x1234', '/linkwallet sig 0xnope', `/linkwallet ${Wallet.createRandom().address} extra`]) {
      t.emulator.sendMessage(eve, t.bot.id, bad);
      await botSays(eve, /not a wallet address or a signature[\s\S]*\/linkwallet sig 0x…/);
    }
    const group = cid(t.emulator.createGroup({ title: 'Moon Club', type: 'supergroup', ownerId: eve }).id);
    t.emulator.addBotToGroup(group, t.bot.id, eve, { admin: true });
    t.emulator.sendMessage(eve, group, `/linkwallet ${Wallet.createRandom().address}`);
    const pointer = await t.emulator.waitForMessage(group, (m) => m.from?.id === t.bot.id && /Link a wallet in a private chat with me/.test(m.text ?? ''), 15_000);
    expect(pointer.reply_markup?.inline_keyboard.flat()[0]?.url).toBe(`https://t.me/${t.bot.username}?start=linkwallet`);
    await t.emulator.startBot(eve, t.bot.id, 'linkwallet');
    await botSays(eve, /Link a wallet/);
  });
});
