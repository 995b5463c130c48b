// The tokens a pool may be in, as the launch form learns them: a deployment that lists its chains pays in
// their tokens only, with their decimals; the form converts with the same table the server reads back with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { groupWithBot } from './raids.test-support.js';

const CHAINS = JSON.stringify([
  {
    id: 8453, name: 'Base', rpcUrl: 'https://rpc.base.example', confirmations: 10, native: { symbol: 'ETH', decimals: 18 },
    tokens: [{ address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', decimals: 6 }, { address: '0x0000000000000000000000000000000000000009', symbol: 'NINE', decimals: 9 }],
  },
]);

describe('the tokens a reward pool may be in', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let ada: number;
  let chatId: number;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { CHAINS } });
    api = apiClient(t);
    ada = t.emulator.createUser({ firstName: 'Ada' }).id;
    chatId = await groupWithBot(t, 'Base Club', ada, []);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists the configured chains\' tokens with their decimals, and no others', async () => {
    const res = await api.as(ada, 'GET', '/tokens');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      listed: true,
      tokens: [{ symbol: 'ETH', decimals: 18 }, { symbol: 'NINE', decimals: 9 }, { symbol: 'USDC', decimals: 6 }],
      otherDecimals: null,
    });
  });

  it('refuses a pool in a token the deployment does not pay in, naming the field', async () => {
    const post = t.x.post(t.x.createUser({ username: 'base_project', createdAt: new Date('2020-01-01') }), 'Base day');
    const res = await api.as(ada, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { replies: 1 }, pool: { amount: '5000000', token: 'USDT' } });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'invalid_pool', field: 'body.pool' });
  });
});
