// Rate limits, faults, request counts, the OAuth 2.0 PKCE flow and the HTTP driver, through twitter-api-v2.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { startXFake, toFakeUrl, xFakeClientSettings, type XFake, type XPost, type XUser } from './index.js';

const T0 = new Date('2026-11-21T08:00:00.000Z');

let x: XFake;
let client: TwitterApi;
let alice: XUser;
let post: XPost;

/** A raw HTTPS call to the fake (no redirects followed). */
function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, ca: x.ca, headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

beforeAll(async () => {
  x = await startXFake({ now: () => T0, rateLimits: { 'GET /2/tweets/:id/quote_tweets': 3 } });
  client = new TwitterApi(x.bearerToken, xFakeClientSettings(x));
  alice = x.createUser({ username: 'alice', bio: 'hello' });
  post = x.post(alice, 'gm', { at: new Date(T0.getTime() - 60_000) });
});
afterAll(() => x.close());

describe('rate limits', () => {
  it('sends x-rate-limit headers with the published limit', async () => {
    const res = await call('GET', `${x.apiRoot}/2/tweets/search/recent?query=gm`, undefined, { authorization: `Bearer ${x.bearerToken}` });
    expect(res.headers['x-rate-limit-limit']).toBe('450');
    expect(res.headers['x-rate-limit-remaining']).toBe('449');
    expect(res.headers['x-rate-limit-reset']).toBe(String(T0.getTime() / 1000 + 900));
  });

  it('answers 429 when a window is spent, readable from ApiResponseError.rateLimit, and resets with the clock', async () => {
    for (let i = 0; i < 3; i++) await client.v2.quotes(post.id);
    const err = await client.v2.quotes(post.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    const e = err as ApiResponseError;
    expect(e.code).toBe(429);
    expect(e.rateLimitError).toBe(true);
    expect(e.rateLimit).toEqual({ limit: 3, remaining: 0, reset: T0.getTime() / 1000 + 900 });
    expect(e.data).toEqual({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    x.clock.advance(15 * 60_000);
    const again = await client.v2.quotes(post.id);
    expect(again.rateLimit).toMatchObject({ limit: 3, remaining: 2 });
    x.clock.set(T0);
  });

  it('lets a test change a limit while running', async () => {
    x.setRateLimit('GET /2/users/:id', 1);
    await client.v2.user(alice.id);
    await expect(client.v2.user(alice.id)).rejects.toMatchObject({ code: 429 });
  });
});

describe('faults and counts', () => {
  it('injects 503s and 429s for the next N calls of an endpoint, then answers normally', async () => {
    x.injectFault({ endpoint: 'GET /2/tweets/:id', status: 503, times: 2 });
    x.injectFault({ endpoint: 'GET /2/tweets/:id', status: 429, times: 1, latencyMs: 20 });
    await expect(client.v2.singleTweet(post.id)).rejects.toMatchObject({
      code: 503, data: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
    });
    await expect(client.v2.singleTweet(post.id)).rejects.toMatchObject({ code: 503 });
    await expect(client.v2.singleTweet(post.id)).rejects.toMatchObject({ code: 429, rateLimit: { remaining: 0 } });
    expect((await client.v2.singleTweet(post.id)).data.text).toBe('gm');
  });

  it('counts requests per route template', async () => {
    x.resetCounts();
    await client.v2.singleTweet(post.id);
    await client.v2.singleTweet('1');
    await client.v2.userByUsername('alice');
    expect(x.requestCounts()).toEqual({ 'GET /2/tweets/:id': 2, 'GET /2/users/by/username/:username': 1 });
    expect(x.requests().map((r) => r.status)).toEqual([200, 200, 200]);
  });
});

describe('OAuth 2.0 with PKCE', () => {
  const redirectUri = 'https://warhorn.example/x/callback';

  async function authorize(scope: string[]): Promise<{ code: string; codeVerifier: string }> {
    const app = new TwitterApi({ clientId: x.clientId, clientSecret: x.clientSecret }, xFakeClientSettings(x));
    const link = app.generateOAuth2AuthLink(redirectUri, { scope });
    const res = await call('GET', toFakeUrl(link.url, x.apiRoot));
    expect(res.status).toBe(302);
    const back = new URL(String(res.headers.location));
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe(link.state);
    return { code: back.searchParams.get('code')!, codeVerifier: link.codeVerifier };
  }

  it('links the user the driver approves: generateOAuth2AuthLink, loginWithOAuth2, then /2/users/me', async () => {
    x.approveNextAuthorization('alice');
    const { code, codeVerifier } = await authorize(['tweet.read', 'users.read', 'offline.access']);
    const app = new TwitterApi({ clientId: x.clientId, clientSecret: x.clientSecret }, xFakeClientSettings(x));
    const login = await app.loginWithOAuth2({ code, codeVerifier, redirectUri });
    expect(login.expiresIn).toBe(7200);
    expect(login.scope).toEqual(['tweet.read', 'users.read', 'offline.access']);
    expect(login.refreshToken).toBeTruthy();
    const me = await login.client.v2.me({ 'user.fields': ['description'] });
    expect(me.data).toEqual({ id: alice.id, name: 'alice', username: 'alice', description: 'hello' });
    // The code is single-use; the refresh token rotates.
    await expect(app.loginWithOAuth2({ code, codeVerifier, redirectUri })).rejects.toMatchObject({ code: 400 });
    const refreshed = await app.refreshOAuth2Token(login.refreshToken!);
    expect((await refreshed.client.v2.me()).data.username).toBe('alice');
    await expect(app.refreshOAuth2Token(login.refreshToken!)).rejects.toMatchObject({ code: 400 });
  });

  it('refuses a wrong code verifier', async () => {
    x.approveNextAuthorization(alice);
    const { code } = await authorize(['tweet.read', 'users.read']);
    const app = new TwitterApi({ clientId: x.clientId, clientSecret: x.clientSecret }, xFakeClientSettings(x));
    const err = await app.loginWithOAuth2({ code, codeVerifier: 'x'.repeat(64), redirectUri }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 400, data: { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' } });
  });

  it('refuses a wrong client secret and an app token on /2/users/me', async () => {
    x.approveNextAuthorization(alice);
    const { code, codeVerifier } = await authorize(['users.read']);
    const wrong = new TwitterApi({ clientId: x.clientId, clientSecret: 'nope' }, xFakeClientSettings(x));
    await expect(wrong.loginWithOAuth2({ code, codeVerifier, redirectUri })).rejects.toMatchObject({ code: 401 });
    await expect(client.v2.me()).rejects.toMatchObject({ code: 403, data: { title: 'Unsupported Authentication' } });
  });

  it('shows a consent page when nobody was approved, where a person picks an account', async () => {
    const app = new TwitterApi({ clientId: x.clientId }, xFakeClientSettings(x));
    const link = app.generateOAuth2AuthLink(redirectUri, { scope: ['users.read'] });
    const page = await call('GET', toFakeUrl(link.url, x.apiRoot));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Authorize as @alice');
  });
});

describe('trust', () => {
  it('is trusted by another process through NODE_EXTRA_CA_CERTS', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'x-fake-')), 'ca.pem');
    writeFileSync(file, x.ca);
    const script = `require('node:https').get(process.argv[1], (r) => { console.log(r.statusCode); r.resume(); }).on('error', (e) => { console.log(e.code); });`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', script, `${x.apiRoot}/2/users/me`], { env: { ...process.env, NODE_EXTRA_CA_CERTS: file } }, (err, stdout) =>
        err ? reject(err) : resolve(stdout.trim())),
    );
    expect(out).toBe('401');
  });
});

describe('HTTP driver', () => {
  it('scripts the world over /__driver', async () => {
    const made = JSON.parse((await call('POST', `${x.apiRoot}/__driver/users`, { username: 'bob', followers: 3 })).body);
    expect(made).toMatchObject({ ok: true, result: { username: 'bob' } });
    const reply = JSON.parse((await call('POST', `${x.apiRoot}/__driver/replies`, { user: 'bob', postId: post.id, text: 'lfg' })).body);
    const found = await client.v2.singleTweet(reply.result.id, { 'tweet.fields': ['conversation_id'] });
    expect(found.data).toMatchObject({ text: '@alice lfg', conversation_id: post.id });
    const bad = await call('POST', `${x.apiRoot}/__driver/likes`, { user: 'nobody', postId: post.id });
    expect(bad.status).toBe(400);
    const counts = JSON.parse((await call('GET', `${x.apiRoot}/__driver/counts`)).body);
    expect(counts.result['GET /2/tweets/:id']).toBeGreaterThan(0);
  });
});
