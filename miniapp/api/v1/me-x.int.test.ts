// Linking an X account from the Mini App, as /linkx does: a bio code checked against the X fake, or the
// OAuth approval page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';

describe('linking X from the Mini App', () => {
  let t: TestPlatform;
  let api: ApiClient;
  beforeAll(async () => {
    t = await startTestPlatform();
    api = apiClient(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('links by a code in the X bio, end to end', async () => {
    const kim = t.emulator.createUser({ firstName: 'Kim' }).id;
    expect(await json(await api.as(kim, 'GET', '/me/x'))).toEqual({ account: null, pendingBio: null, oauthAvailable: true });

    const start = await api.as(kim, 'POST', '/me/x/bio', { username: '@kim_on_x' });
    expect(start.status).toBe(200);
    const { code, username, expiresAt } = await json(start);
    expect({ username, code }).toEqual({ username: 'kim_on_x', code: expect.stringMatching(/^warhorn-[a-z2-9]{6}$/) });
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await json(await api.as(kim, 'GET', '/me/x'))).pendingBio).toEqual({ username: 'kim_on_x', code, expiresAt });

    // Nobody on X by that name yet, then the account without the code, then with it.
    expect(await json(await api.as(kim, 'POST', '/me/x/bio/check'))).toMatchObject({ linked: false, reason: 'x_user_not_found', username: 'kim_on_x' });
    const x = t.x.createUser({ username: 'kim_on_x', bio: 'building things' });
    expect(await json(await api.as(kim, 'POST', '/me/x/bio/check'))).toMatchObject({ linked: false, reason: 'code_not_found', message: expect.stringContaining('bio') });
    t.x.setBio(x, `building things ${code}`);
    const linked = await api.as(kim, 'POST', '/me/x/bio/check', {});
    expect(linked.status).toBe(200);
    expect(await json(linked)).toEqual({ linked: true, userId: x.id, username: 'kim_on_x', replaced: null, unchanged: false });

    const state = await json(await api.as(kim, 'GET', '/me/x'));
    expect(state).toEqual({ account: { username: 'kim_on_x', userId: x.id, method: 'bio', linkedAt: expect.any(String) }, pendingBio: null, oauthAvailable: true });
    expect((await json(await api.as(kim, 'GET', '/me'))).x).toEqual({ userId: x.id, username: 'kim_on_x' });
    // The code was used once.
    expect(await json(await api.as(kim, 'POST', '/me/x/bio/check'))).toMatchObject({ linked: false, reason: 'no_code' });
  });

  it('refuses an X account another member holds, with the reason code', async () => {
    const holder = t.emulator.createUser({ firstName: 'Holder' }).id;
    const x = t.x.createUser({ username: 'held_on_x' });
    await t.platform.users.touch({ id: holder, first_name: 'Holder' }, t.bot.id);
    expect(await t.platform.users.linkXAccount(uid(holder), x, 'oauth')).toMatchObject({ ok: true });
    const lee = t.emulator.createUser({ firstName: 'Lee' }).id;
    const { code } = await json(await api.as(lee, 'POST', '/me/x/bio', { username: 'held_on_x' }));
    t.x.setBio(x, code);
    expect(await json(await api.as(lee, 'POST', '/me/x/bio/check'))).toMatchObject({ linked: false, reason: 'taken' });
  });

  it.each([
    ['a handle with a space', { username: 'not a handle' }, 'body.username'],
    ['a handle longer than X allows', { username: 'a'.repeat(16) }, 'body.username'],
    ['no handle', {}, 'body.username'],
    ['an extra field on check', { username: 'x' }, 'body.username'],
  ])('refuses %s with 400 naming the field', async (what, body, field) => {
    const path = what.includes('check') ? '/me/x/bio/check' : '/me/x/bio';
    const res = await api.as(t.emulator.createUser({ firstName: 'Typo' }).id, 'POST', path, body);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'invalid_request', field });
  });

  it('starts an OAuth link on our first hop, which leads to X', async () => {
    const mo = t.emulator.createUser({ firstName: 'Mo' }).id;
    const res = await api.as(mo, 'POST', '/me/x/oauth');
    expect(res.status).toBe(200);
    const { url, expiresAt } = await json(res);
    expect(url.startsWith(`${t.platform.url}/x/oauth/start?`)).toBe(true);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const hop = await t.x.browser().open(url, { redirects: 0 });
    expect(hop.status).toBe(302);
    expect(hop.location?.href).toMatch(/\/i\/oauth2\/authorize\?/);
  });
});

describe('linking X where the deployment has no OAuth client', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { X_CLIENT_ID: '', X_CLIENT_SECRET: '' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('offers bio codes only: OAuth answers 409 not_configured', async () => {
    const api = apiClient(t);
    const ned = t.emulator.createUser({ firstName: 'Ned' }).id;
    expect((await json(await api.as(ned, 'GET', '/me/x'))).oauthAvailable).toBe(false);
    const res = await api.as(ned, 'POST', '/me/x/oauth', {});
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('not_configured');
    expect((await api.as(ned, 'POST', '/me/x/bio', { username: 'ned_on_x' })).status).toBe(200);
  });
});
