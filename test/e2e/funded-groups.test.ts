// Groups with money, as admins see it. Cancelling a raid with a funded pool (`/raid cancel` in the group and
// the Mini App's cancel route): the card says cancelled, the group is told, and the held pool is back in the
// group's balance at once. A launch the balance cannot fund is refused by the app with the figures in the
// error. A group upgraded to a supergroup takes its balance to its new chat id; a pool held for a raid stays
// with it and, cancelled, goes back to the new chat. The whole platform (api, bot, worker) against the
// Telegram emulator, the X fake and the local chain (money on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { startLocalChain, type LocalChain } from '../../testkit/chain/index.js';
import { TEST_XPUB } from '../../services/wallet/wallet.test-support.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import { apiClient, json, type ApiClient } from '../../miniapp/api/v1/api.test-support.js';
import { groupWithBot } from '../../miniapp/api/v1/raids.test-support.js';
import type { Asset } from '../../services/ledger/index.js';

describe('a group with money', () => {
  let chain: LocalChain;
  let t: TestPlatform;
  let api: ApiClient;
  let usdt: Asset;
  let admin: number;
  let project: { id: string; username: string };
  beforeAll(async () => {
    chain = await startLocalChain({ chainId: 31337 });
    const token = await chain.deployToken('USDT', 6);
    usdt = { chainId: 31337, token: token.address.toLowerCase() };
    const CHAINS = JSON.stringify([
      { id: 31337, name: 'Local', rpcUrl: chain.rpcUrl, confirmations: 2, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: token.address, symbol: 'USDT', decimals: 6 }] },
    ]);
    t = await startTestPlatform({ env: { WALLET_XPUB: TEST_XPUB, CHAINS } });
    api = apiClient(t);
    admin = t.emulator.createUser({ firstName: 'Ada', username: 'ada_cancels' }).id;
    project = t.x.createUser({ username: 'cancelproject', createdAt: new Date('2019-05-01'), followers: 9000 });
  });
  afterAll(async () => {
    await t?.stop();
    await chain?.close();
  });

  /** A group of Ada's with `amount` USDT (smallest units) on its balance, credited as a deposit would be. */
  async function fundedGroup(title: string, amount: bigint, basic = false): Promise<number> {
    const chatId = basic ? await basicGroupWithBot(title) : await groupWithBot(t, title, admin, []);
    await credit(chatId, amount);
    return chatId;
  }
  async function basicGroupWithBot(title: string): Promise<number> {
    const chatId = t.emulator.createGroup({ title, type: 'group', ownerId: admin }).id;
    t.emulator.addBotToGroup(chatId, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(chatId)))?.active, 'the group to register');
    await eventually(async () => (await t.platform.groups.admins(cid(chatId))).some((a) => a.userId === admin), 'the owner in the synced admin list');
    return chatId;
  }
  async function credit(chatId: number, amount: bigint): Promise<void> {
    await t.platform.ledger.post({
      idempotencyKey: `test-deposit:${chatId}`,
      kind: 'deposit',
      lines: [{ account: { kind: 'chain', owner: 'world' }, asset: usdt, amount: -amount }, { account: { kind: 'group_balance', owner: String(chatId) }, asset: usdt, amount }],
    });
  }
  const balanceOf = (chatId: number) => t.platform.ledger.balance({ kind: 'group_balance', owner: String(chatId) }, usdt);
  const botSaid = (chatId: number, pattern: RegExp) => t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 20_000);

  it('with /raid cancel in the group: the card says cancelled and the pool is back in the balance', async () => {
    const chatId = await fundedGroup('Cancel Club', 1_000_000_000n);
    const post = t.x.post(project, 'Cancel me from the group');
    t.emulator.sendMessage(admin, chatId, `/raid ${post.url} likes=5 pool=300 USDT`);
    await botSaid(chatId, /RAID LIVE/);
    const raid = (await t.platform.raids.active(cid(chatId)))!;
    expect(await balanceOf(chatId)).toBe(700_000_000n);

    t.emulator.sendMessage(admin, chatId, '/raid cancel');
    const told = await botSaid(chatId, /Raid cancelled/);
    expect(told.text).toContain("300 USDT pool is back in the group's balance");
    expect(await balanceOf(chatId)).toBe(1_000_000_000n);
    await botSaid(chatId, /RAID CANCELLED/);
    expect(await t.platform.raids.get(raid.id)).toMatchObject({ status: 'cancelled' });
    // Nothing to cancel now.
    t.emulator.sendMessage(admin, chatId, `/raid cancel ${raid.id}`);
    await botSaid(chatId, /is not running any more/);
    t.emulator.sendMessage(admin, chatId, '/raid cancel soon');
    await botSaid(chatId, /Usage: \/raid cancel/);
  });

  it('from the Mini App: the raid answers cancelled, once; the pool is back in the balance', async () => {
    const chatId = await fundedGroup('App Cancel Club', 1_000_000_000n);
    const post = t.x.post(project, 'Cancel me from the app');
    const launched = await api.as(admin, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { likes: 5 }, pool: { amount: '250000000', token: 'USDT' } });
    expect(launched.status).toBe(201);
    const { raid } = await json(launched);
    expect(await balanceOf(chatId)).toBe(750_000_000n);

    // Named under another group, the raid is not found there.
    const other = await groupWithBot(t, 'Elsewhere', admin, []);
    expect((await api.as(admin, 'POST', `/groups/${other}/raids/${raid.id}/cancel`)).status).toBe(404);

    const res = await api.as(admin, 'POST', `/groups/${chatId}/raids/${raid.id}/cancel`);
    expect(res.status).toBe(200);
    expect((await json(res)).raid).toMatchObject({ status: 'cancelled', timeLeftS: 0 });
    expect(await balanceOf(chatId)).toBe(1_000_000_000n);
    await botSaid(chatId, /Raid cancelled/);
    const again = await api.as(admin, 'POST', `/groups/${chatId}/raids/${raid.id}/cancel`);
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('raid_not_active');
    expect(await balanceOf(chatId)).toBe(1_000_000_000n);
  });

  it('refuses a pool the balance cannot hold with the balance, what is needed and the token in the error', async () => {
    const chatId = await fundedGroup('Short Club', 100_000_000n);
    const post = t.x.post(project, 'Too big a pool');
    const res = await api.as(admin, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { likes: 5 }, pool: { amount: '500000000', token: 'USDT' } });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'insufficient_balance', balance: '100000000', needed: '500000000', symbol: 'USDT', decimals: 6 });
    await eventually(async () => (await t.platform.raids.active(cid(chatId))) === null, 'no raid to run');
  });

  it('takes its balance to its new chat id when it becomes a supergroup; a held pool stays with its raid', async () => {
    const old = await fundedGroup('Small Club', 1_000_000_000n, true);
    await t.platform.wallet!.addressOf(cid(old));
    const post = t.x.post(project, 'Raid before the upgrade');
    t.emulator.sendMessage(admin, old, `/raid ${post.url} likes=5 pool=400 USDT`);
    await botSaid(old, /RAID LIVE/);
    const raid = (await t.platform.raids.active(cid(old)))!;

    const upgraded = t.emulator.upgradeToSupergroup(old, admin).id;
    await eventually(async () => (await balanceOf(upgraded)) === 600_000_000n, 'the balance to follow the group', 20_000);
    expect(await balanceOf(old)).toBe(0n);
    expect(await t.platform.ledger.balance({ kind: 'group_pool', owner: raid.id }, usdt)).toBe(400_000_000n);
    const moved = await t.platform.db.query(`SELECT count(*)::int AS n FROM ledger.postings WHERE idempotency_key = $1`, [`migrate:${old}:${upgraded}:${usdt.chainId}:${usdt.token}`]);
    expect(moved[0].n).toBe(1);
    // Telegram told both chats; the money moved once.
    expect(await balanceOf(upgraded)).toBe(600_000_000n);

    // The raid's pool, given back, goes where the group's balance now is.
    expect(await t.platform.raids.cancel(raid.id, uid(admin))).toMatchObject({ status: 'cancelled' });
    expect(await balanceOf(upgraded)).toBe(1_000_000_000n);
    expect(await balanceOf(old)).toBe(0n);
  });
});
