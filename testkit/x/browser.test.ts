// The fake browser keeps cookies the way a browser does, across an app's own http pages and the X fake's
// https authorize page: what an OAuth flow bound to a browser relies on.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXFake, type XFake } from './index.js';

let x: XFake;
let app: http.Server;
let appUrl = '';
/** What the app saw on each request: path and Cookie header. */
const seen: Array<{ path: string; cookie: string }> = [];

beforeAll(async () => {
  x = await startXFake({ rateLimits: false });
  x.createUser({ username: 'bria' });
  app = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', appUrl);
    seen.push({ path: u.pathname, cookie: req.headers.cookie ?? '' });
    if (u.pathname === '/flow/start') {
      res.setHeader('set-cookie', [
        'lax=1; Path=/flow; HttpOnly; SameSite=Lax; Max-Age=60',
        'strict=1; Path=/flow; SameSite=Strict',
        'secure=1; Path=/; Secure',
        'gone=1; Path=/flow; Max-Age=0',
        'elsewhere=1; Path=/other',
        'foreign=1; Domain=example.com',
      ]);
      const authorize = new URL(`${x.apiRoot}/i/oauth2/authorize`);
      for (const [k, v] of Object.entries({ response_type: 'code', client_id: x.clientId, redirect_uri: `${appUrl}/flow/back`, state: 's1', code_challenge: 'c', code_challenge_method: 'plain', approve_as: 'bria' })) {
        authorize.searchParams.set(k, v);
      }
      res.writeHead(302, { location: authorize.toString() }).end();
    } else if (u.pathname === '/flow/forget') {
      res.writeHead(200, { 'set-cookie': 'lax=; Path=/flow; Max-Age=0' }).end('forgotten');
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`back with ${u.search}`);
    }
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await x.close();
});

describe('a fake browser', () => {
  it('follows the app, X and back, sending the cookies a browser would after a cross-site redirect', async () => {
    const browser = x.browser();
    const page = await browser.open(`${appUrl}/flow/start`);
    expect(page.status).toBe(200);
    expect(page.url.pathname).toBe('/flow/back');
    expect(page.text).toMatch(/state=s1&code=/);
    // Lax goes with the redirect from X; Strict does not; Secure was refused on http; the rest do not apply.
    expect(seen.at(-1)).toEqual({ path: '/flow/back', cookie: 'lax=1' });
    // Opened directly (same site), Strict is sent too; other paths get neither.
    expect(browser.cookiesFor(`${appUrl}/flow/back`)).toEqual({ lax: '1', strict: '1' });
    expect(browser.cookiesFor(`${appUrl}/flowers`)).toEqual({});
    // Cookies ignore ports, as in browsers, but not paths: the X fake's authorize page gets none of these.
    expect(browser.cookiesFor(`${x.apiRoot}/i/oauth2/authorize`)).toEqual({});
  });

  it('stops at a redirect when asked, and forgets a cookie set to expire', async () => {
    const browser = x.browser();
    const first = await browser.open(`${appUrl}/flow/start`, { redirects: 0 });
    expect(first.status).toBe(302);
    expect(first.location?.origin).toBe(x.apiRoot);
    expect(browser.cookiesFor(`${appUrl}/flow/x`)).toMatchObject({ lax: '1' });
    await browser.open(`${appUrl}/flow/forget`);
    expect(browser.cookiesFor(`${appUrl}/flow/x`)).not.toHaveProperty('lax');
    // Another browser shares nothing.
    expect(x.browser().cookiesFor(`${appUrl}/flow/x`)).toEqual({});
  });
});
