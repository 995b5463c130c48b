// Who the Mini App's API believes: only initData that the opening bot's token signed, recently, with
// nothing added or repeated. Every refusal is a 401 with a reason code the front end can act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDataPairs, initDataHash, signInitData } from '../../../testkit/telegram/init-data.js';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';

describe('the Mini App API trusts initData only when the opening bot signed it', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let ada: { id: number; first_name: string; username?: string };
  beforeAll(async () => {
    t = await startTestPlatform({ env: { MINIAPP_INIT_DATA_MAX_AGE_S: '600' } });
    api = apiClient(t);
    const user = t.emulator.createUser({ firstName: 'Ada', username: 'ada_app' });
    ada = { id: user.id, first_name: 'Ada', username: 'ada_app' };
  });
  afterAll(async () => {
    await t?.stop();
  });

  const me = (headers: Record<string, string>) => api.raw('GET', '/me', { headers });
  const tma = (initData: string) => ({ authorization: `tma ${initData}`, 'x-warhorn-bot': String(t.bot.id) });

  it('answers the person the bot signed for, and registers them as a first message would', async () => {
    const res = await me(tma(t.emulator.webAppInitData(t.bot.id, ada.id)));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { id: ada.id, firstName: 'Ada', username: 'ada_app' } });
    const user = await t.platform.users.get(uid(ada.id));
    expect(user).toMatchObject({ telegramId: ada.id, firstName: 'Ada' });
  });

  it.each([
    ['no Authorization header', () => ({ 'x-warhorn-bot': String(t.bot.id) }), 'init_data_missing'],
    ['another scheme', () => ({ authorization: 'Bearer abc', 'x-warhorn-bot': String(t.bot.id) }), 'init_data_malformed'],
    ['no bot named', () => ({ authorization: `tma ${signInitData(t.bot.token, { user: ada })}` }), 'bot_unknown'],
    ['a bot that is not ours', () => ({ ...tma(signInitData(t.bot.token, { user: ada })), 'x-warhorn-bot': '999999' }), 'bot_unknown'],
    ['a forged hash', () => tma(signInitData(t.bot.token, { user: ada }).replace(/hash=[0-9a-f]+/, `hash=${'ab'.repeat(32)}`)), 'init_data_invalid'],
    ['another bot\'s token', () => tma(signInitData(`${t.bot.id}:AAAnotherBotsTokenAltogether_123456`, { user: ada })), 'init_data_invalid'],
    ['no hash', () => tma(signInitData(t.bot.token, { user: ada }).replace(/&?hash=[0-9a-f]+/, '')), 'init_data_malformed'],
    ['expired', () => tma(signInitData(t.bot.token, { user: ada, authDate: Math.floor(Date.now() / 1000) - 601 })), 'init_data_expired'],
  ])('refuses %s with 401 %s', async (_what, headers, code) => {
    const res = await me(headers());
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('refuses initData tampered in any field after signing', async () => {
    const pairs = initDataPairs({ user: ada, startParam: 'home' });
    pairs.push(['hash', initDataHash(t.bot.token, pairs)]);
    const tampered: Record<string, string> = {
      user: JSON.stringify({ ...ada, id: ada.id + 1 }),
      auth_date: String(Math.floor(Date.now() / 1000) + 5),
      query_id: 'AAHsomethingelse',
      start_param: 'g_-100123',
    };
    for (const [field, value] of Object.entries(tampered)) {
      const changed = pairs.map(([k, v]) => [k, k === field ? value : v] as [string, string]);
      const res = await me(tma(new URLSearchParams(changed).toString()));
      expect({ field, status: res.status, code: (await json(res)).error.code }).toEqual({ field, status: 401, code: 'init_data_invalid' });
    }
    const added = new URLSearchParams([...pairs, ['chat_type', 'group']]).toString();
    expect((await me(tma(added))).status).toBe(401);
  });

  it('refuses a repeated key, which could carry a second user past the signature', async () => {
    const signed = signInitData(t.bot.token, { user: ada });
    const res = await me(tma(`${signed}&user=${encodeURIComponent(JSON.stringify({ ...ada, id: 1 }))}`));
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('init_data_malformed');
  });

  it('takes the caller from initData, whatever the query says', async () => {
    const res = await api.raw('GET', `/me?userId=1&user=1`, { headers: tma(t.emulator.webAppInitData(t.bot.id, ada.id)) });
    expect(res.status).toBe(200);
    expect((await json(res)).user.id).toBe(ada.id);
  });
});
