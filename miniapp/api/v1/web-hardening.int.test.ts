// What protects the API and the app's pages: a rate limit per person on Redis (shared by every api
// process), small bodies, and headers that let only Telegram (and the emulator's Telegram Web page here)
// frame the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { API_BODY_LIMIT } from './index.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { builtWebRoot } from '../web-app.js';

describe('the Mini App API under load and abuse', () => {
  let t: TestPlatform;
  let api: ApiClient;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { MINIAPP_RATE_LIMIT_PER_MINUTE: '5' } });
    api = apiClient(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers 429 with Retry-After once a person goes over their requests per minute, and only them', async () => {
    const busy = t.emulator.createUser({ firstName: 'Busy' }).id;
    const calm = t.emulator.createUser({ firstName: 'Calm' }).id;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.as(busy, 'GET', '/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await api.as(busy, 'GET', '/me');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(limited)).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/try again/) } });
    expect((await api.as(calm, 'GET', '/me')).status).toBe(200);
  });

  it('lets Telegram and the emulator frame the app, and nobody else', async () => {
    const res = await fetch(`${t.platform.url}/app/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/web\.telegram\.org https:\/\/\*\.telegram\.org/);
    expect(csp).toContain(new URL(t.emulator.apiRoot).origin);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a JSON body over the API\'s body limit with 413 body_too_large', async () => {
    const big = { raidStarted: true, padding: 'x'.repeat(API_BODY_LIMIT) };
    const res = await api.as(t.emulator.createUser({ firstName: 'Heavy' }).id, 'PUT', '/me/notifications', big);
    expect(res.status).toBe(413);
    expect((await json(res)).error).toMatchObject({ code: 'body_too_large', field: 'body' });
  });

  it('serves the front end at /app/: the page revalidated on every open, hashed assets cached for a year', async () => {
    const page = await fetch(`${t.platform.url}/app/?bot=${t.bot.id}`);
    if (!builtWebRoot()) {
      // `npm test` builds it first; a tier run alone may not have: then the server says how to build it.
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/npm run build/);
      return;
    }
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const asset = /\/app\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${t.platform.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Read to the end: an unread response keeps its connection busy, and the server's stop waits for it.
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('answers unknown API routes in the one error shape', async () => {
    const res = await api.as(t.emulator.createUser({ firstName: 'Lost' }).id, 'GET', '/nothing-here');
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});
