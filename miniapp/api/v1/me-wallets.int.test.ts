// Linking a wallet from the Mini App, as /linkwallet does: the app asks for the message, the member's
// wallet (an ethers Wallet here) signs it, and the signature comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';

describe('linking a wallet from the Mini App', () => {
  let t: TestPlatform;
  let api: ApiClient;
  beforeAll(async () => {
    t = await startTestPlatform();
    api = apiClient(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves the message, links the wallet its signature proves, once, and lists it', async () => {
    const kim = t.emulator.createUser({ firstName: 'Kim' }).id;
    const key = Wallet.createRandom();
    expect(await json(await api.as(kim, 'GET', '/me/wallets'))).toEqual({ wallets: [] });

    const start = await api.as(kim, 'POST', '/me/wallets/challenge', { address: key.address.toLowerCase() });
    expect(start.status).toBe(200);
    const { message, address, expiresAt } = await json(start);
    expect(address).toBe(key.address);
    expect(message).toContain(`wants you to sign in with your Ethereum account:\n${key.address}\n`);
    expect(message).toContain(`Telegram account ${kim}`);
    expect(message).toContain(`\nExpiration Time: ${expiresAt}`);

    const signature = await key.signMessage(message);
    const linked = await api.as(kim, 'POST', '/me/wallets', { signature });
    expect(linked.status).toBe(200);
    expect(await json(linked)).toEqual({ address: key.address, linkedAt: expect.any(String), unchanged: false });
    expect(await json(await api.as(kim, 'GET', '/me/wallets'))).toEqual({ wallets: [{ address: key.address, linkedAt: expect.any(String) }] });

    const replay = await api.as(kim, 'POST', '/me/wallets', { signature });
    expect(replay.status).toBe(400);
    expect((await json(replay)).error).toMatchObject({ code: 'no_challenge' });
  });

  it('refuses a signature by another key (400 bad_signature) and a wallet another member holds (409 taken)', async () => {
    const [lee, max] = [t.emulator.createUser({ firstName: 'Lee' }).id, t.emulator.createUser({ firstName: 'Max' }).id];
    const [key, other] = [Wallet.createRandom(), Wallet.createRandom()];
    const first = await json(await api.as(lee, 'POST', '/me/wallets/challenge', { address: key.address }));
    const wrong = await api.as(lee, 'POST', '/me/wallets', { signature: await other.signMessage(first.message) });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error).toMatchObject({ code: 'bad_signature', message: expect.stringContaining(other.address) });
    expect((await api.as(lee, 'POST', '/me/wallets', { signature: await key.signMessage(first.message) })).status).toBe(200);

    const second = await json(await api.as(max, 'POST', '/me/wallets/challenge', { address: key.address }));
    const taken = await api.as(max, 'POST', '/me/wallets', { signature: await key.signMessage(second.message) });
    expect(taken.status).toBe(409);
    expect((await json(taken)).error).toMatchObject({ code: 'taken' });
    expect(await t.platform.users.walletOwner(key.address)).toBe(uid(lee));
    const trail = await t.platform.history.list({ subjectKind: 'user', subjectId: String(max) });
    expect(trail.some((e) => e.action === 'user.wallet_link_refused')).toBe(true);
  });

  it.each([
    ['a name instead of an address', '/me/wallets/challenge', { address: 'vitalik.eth' }, 'body.address'],
    ['an address with a wrong checksum', '/me/wallets/challenge', { address: '0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed' }, 'body.address'],
    ['no address', '/me/wallets/challenge', {}, 'body.address'],
    ['a short signature', '/me/wallets', { signature: '0x1234' }, 'body.signature'],
    ['an extra field', '/me/wallets', { signature: `0x${'1'.repeat(130)}`, address: 'x' }, 'body.address'],
  ])('refuses %s with 400 naming the field', async (_what, path, body, field) => {
    const res = await api.as(t.emulator.createUser({ firstName: 'Typo' }).id, 'POST', path, body);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'invalid_request', field });
  });
});
