import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Signature, Wallet } from 'ethers';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { createClock } from '../../testkit/x/clock.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { systemClock } from '../platform/clock.js';
import { createHistory, type History } from '../history/index.js';
import { uid } from '../platform/telegram-ids.test-support.js';
import { createUsers, WALLET_CHALLENGE_TTL_MS, type Users } from './index.js';

// Linking wallets by a signed EIP-4361 message against real Postgres and Redis, signed with real keys
// (ethers Wallets): "one wallet, one member", the message used once, its expiry on the passed clock.

const clock = createClock();
let db: TestDatabase;
let r: TestRedis;
let history: History;
let users: Users;

beforeAll(async () => {
  [db, r] = await Promise.all([freshDatabase('users_wallets'), freshRedis()]);
  history = createHistory({ clock: systemClock, db: db.dataSource, log: silentLogger(), metrics: createMetrics({ defaults: false }) });
  users = createUsers({
    db: db.dataSource,
    history,
    clock,
    redis: r.redis,
    prefix: r.prefix,
    walletLink: { domain: 'warhorn.example:8443', uri: 'https://warhorn.example:8443/', chainId: 137 },
  });
});
afterAll(async () => {
  await r?.cleanup();
  await db?.drop();
});

let seq = 0;
async function member(name: string) {
  const telegramId = uid(800_000 + ++seq);
  await users.touch({ id: telegramId, first_name: name }, 1);
  return telegramId;
}
const trail = async (telegramId: number) => (await history.list({ subjectKind: 'user', subjectId: String(telegramId) })).reverse();

describe('linking a wallet by signature', () => {
  it('serves an EIP-4361 message naming the checksummed address, and links the wallet whose key signed it, once', async () => {
    const ana = await member('ana');
    const key = Wallet.createRandom();
    const challenge = await users.startWalletLink(ana, key.address.toLowerCase());
    expect(challenge.address).toBe(key.address);
    expect(challenge.expiresAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(WALLET_CHALLENGE_TTL_MS);
    const lines = challenge.message.split('\n');
    expect(lines).toEqual([
      'warhorn.example:8443 wants you to sign in with your Ethereum account:',
      key.address,
      '',
      `Link this wallet to Telegram account ${ana} on Warhorn. Signing is free and moves no funds.`,
      '',
      'URI: https://warhorn.example:8443/',
      'Version: 1',
      'Chain ID: 137',
      expect.stringMatching(/^Nonce: [A-Za-z0-9]{8,}$/),
      `Issued At: ${new Date(challenge.expiresAt.getTime() - WALLET_CHALLENGE_TTL_MS).toISOString()}`,
      `Expiration Time: ${challenge.expiresAt.toISOString()}`,
    ]);

    const signature = await key.signMessage(challenge.message);
    const linked = await users.finishWalletLink(ana, signature);
    expect(linked).toEqual({ ok: true, wallet: { address: key.address, linkedAt: expect.any(Date) }, unchanged: false });
    expect(await users.walletsOf(ana)).toEqual([{ address: key.address, linkedAt: expect.any(Date) }]);
    expect(await users.walletOwner(key.address.toLowerCase())).toBe(ana);
    expect(await users.walletOwner(Wallet.createRandom().address)).toBeNull();
    const event = (await trail(ana)).find((e) => e.action === 'user.wallet_linked');
    expect(event?.data).toEqual({ address: key.address.toLowerCase(), message: challenge.message, signature });

    // The same signature again: the message was used.
    expect(await users.finishWalletLink(ana, signature)).toEqual({ ok: false, reason: 'no_challenge', address: null });
    expect((await trail(ana)).filter((e) => e.action === 'user.wallet_linked')).toHaveLength(1);
  });

  it('uses a fresh nonce each time, a newer message replaces the older one, and a compact (EIP-2098) signature counts', async () => {
    const bo = await member('bo');
    const key = Wallet.createRandom();
    const first = await users.startWalletLink(bo, key.address);
    const second = await users.startWalletLink(bo, key.address);
    expect(first.message).not.toBe(second.message);
    expect(await users.finishWalletLink(bo, await key.signMessage(first.message))).toMatchObject({ ok: false, reason: 'bad_signature' });
    const compact = Signature.from(await key.signMessage(second.message)).compactSerialized;
    expect(await users.finishWalletLink(bo, compact)).toMatchObject({ ok: true });
  });

  it('refuses an expired message (on the passed clock) and uses it up', async () => {
    const cy = await member('cy');
    const key = Wallet.createRandom();
    const { message } = await users.startWalletLink(cy, key.address);
    const signature = await key.signMessage(message);
    clock.advance(WALLET_CHALLENGE_TTL_MS + 1);
    expect(await users.finishWalletLink(cy, signature)).toEqual({ ok: false, reason: 'expired', address: key.address });
    expect(await users.finishWalletLink(cy, signature)).toMatchObject({ ok: false, reason: 'no_challenge' });
    expect(await users.walletsOf(cy)).toEqual([]);
  });

  it('refuses a signature by another key (naming it) or no signature at all, and keeps the message for another try', async () => {
    const di = await member('di');
    const key = Wallet.createRandom();
    const other = Wallet.createRandom();
    const { message } = await users.startWalletLink(di, key.address);
    expect(await users.finishWalletLink(di, await other.signMessage(message))).toEqual({ ok: false, reason: 'bad_signature', address: key.address, recovered: other.address });
    expect(await users.finishWalletLink(di, '0x1234')).toEqual({ ok: false, reason: 'bad_signature', address: key.address });
    expect(await users.finishWalletLink(di, await key.signMessage(`${message} `))).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await users.walletsOf(di)).toEqual([]);
    expect(await users.finishWalletLink(di, await key.signMessage(message))).toMatchObject({ ok: true, wallet: { address: key.address } });
  });

  it("refuses a wallet another member holds, and records the signed claim", async () => {
    const [eve, fay] = [await member('eve'), await member('fay')];
    const key = Wallet.createRandom();
    const a = await users.startWalletLink(eve, key.address);
    expect(await users.finishWalletLink(eve, await key.signMessage(a.message))).toMatchObject({ ok: true });

    const b = await users.startWalletLink(fay, key.address);
    const signature = await key.signMessage(b.message);
    expect(await users.finishWalletLink(fay, signature)).toEqual({ ok: false, reason: 'taken', address: key.address });
    expect(await users.walletOwner(key.address)).toBe(eve);
    expect(await users.walletsOf(fay)).toEqual([]);
    const refused = (await trail(fay)).find((e) => e.action === 'user.wallet_link_refused');
    expect(refused?.data).toEqual({ address: key.address.toLowerCase(), reason: 'taken', ownerTelegramId: String(eve), message: b.message, signature });
    expect(await users.finishWalletLink(fay, signature)).toMatchObject({ ok: false, reason: 'no_challenge' });
  });

  it('lets a member hold several wallets; linking one again changes nothing', async () => {
    const gus = await member('gus');
    const [k1, k2] = [Wallet.createRandom(), Wallet.createRandom()];
    for (const k of [k1, k2]) {
      const { message } = await users.startWalletLink(gus, k.address);
      expect(await users.finishWalletLink(gus, await k.signMessage(message))).toMatchObject({ ok: true, unchanged: false });
    }
    const { message } = await users.startWalletLink(gus, k1.address);
    expect(await users.finishWalletLink(gus, await k1.signMessage(message))).toMatchObject({ ok: true, unchanged: true, wallet: { address: k1.address } });
    expect((await users.walletsOf(gus)).map((w) => w.address).sort()).toEqual([k1.address, k2.address].sort());
  });

  it('gives one wallet to exactly one of two members proving it at the same moment', async () => {
    const [hal, ivy] = [await member('hal'), await member('ivy')];
    const key = Wallet.createRandom();
    const [mh, mi] = [await users.startWalletLink(hal, key.address), await users.startWalletLink(ivy, key.address)];
    const results = await Promise.all([
      users.finishWalletLink(hal, await key.signMessage(mh.message)),
      users.finishWalletLink(ivy, await key.signMessage(mi.message)),
    ]);
    expect(results.map((x) => (x.ok ? 'linked' : x.reason)).sort()).toEqual(['linked', 'taken']);
    const owner = await users.walletOwner(key.address);
    expect([hal, ivy]).toContain(owner);
  });

  it('refuses what is not an address, and a mixed-case address with a wrong checksum', async () => {
    const jo = await member('jo');
    await expect(users.startWalletLink(jo, 'not-an-address')).rejects.toThrow(RangeError);
    await expect(users.startWalletLink(jo, '0x12')).rejects.toThrow(RangeError);
    const good = Wallet.createRandom().address;
    const flipped = good.slice(0, 2) + [...good.slice(2)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    if (/[a-fA-F]/.test(good.slice(2))) await expect(users.startWalletLink(jo, flipped)).rejects.toThrow(RangeError);
    await expect(users.walletOwner('nope')).rejects.toThrow(RangeError);
    expect(await users.finishWalletLink(jo, '0xabc')).toMatchObject({ ok: false, reason: 'no_challenge' });
  });
});
