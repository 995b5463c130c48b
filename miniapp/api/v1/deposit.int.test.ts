// The deposit view's data: the group's address (the same /deposit gives) and what it takes, for admins only;
// a deployment without WALLET_XPUB says money is off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { cid } from '../../../services/platform/telegram-ids.test-support.js';
import { TEST_XPUB } from '../../../services/wallet/wallet.test-support.js';
import { apiClient, json } from './api.test-support.js';
import { groupWithBot } from './raids.test-support.js';

const CHAINS = JSON.stringify([
  { id: 8453, name: 'Base', rpcUrl: 'https://rpc.base.example', confirmations: 10, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', decimals: 6 }] },
]);

describe('GET /groups/{chatId}/deposit', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { WALLET_XPUB: TEST_XPUB, CHAINS } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers an admin with the group's address and its chains, and refuses a member", async () => {
    const api = apiClient(t);
    const ada = t.emulator.createUser({ firstName: 'Ada' }).id;
    const bob = t.emulator.createUser({ firstName: 'Bob' }).id;
    const chatId = await groupWithBot(t, 'Deposit Club', ada, [bob]);

    const res = await api.as(ada, 'GET', `/groups/${chatId}/deposit`);
    expect(res.status).toBe(200);
    const body = await json(res);
    const address = (await t.platform.wallet!.addressOf(cid(chatId))).address;
    expect(body).toEqual({
      address,
      uri: `ethereum:${address}`,
      qrSvg: expect.stringMatching(/^<svg [^>]*viewBox="0 0 41 41"/),
      chains: [{ id: 8453, name: 'Base', confirmations: 10, native: { symbol: 'ETH', decimals: 18 }, tokens: ['USDC'] }],
    });
    expect(body.address).toMatch(/^0x[0-9a-fA-F]{40}$/);

    const refused = await api.as(bob, 'GET', `/groups/${chatId}/deposit`);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('not_admin');
  });
});

describe('GET /groups/{chatId}/deposit without WALLET_XPUB', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { CHAINS } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('says deposits are off', async () => {
    const ada = t.emulator.createUser({ firstName: 'Ada' }).id;
    const chatId = await groupWithBot(t, 'Offline Club', ada, []);
    expect(t.platform.wallet).toBeNull();
    const res = await apiClient(t).as(ada, 'GET', `/groups/${chatId}/deposit`);
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'deposits_off' });
  });
});
