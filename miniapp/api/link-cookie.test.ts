import { describe, expect, it } from 'vitest';
import { clearLinkCookie, linkCookie, linkCookiePolicy, readLinkCookie } from './link-cookie.js';

const nonce = 'n'.repeat(43);

describe('the X link cookie', () => {
  it('is Secure over https and limited to the folder of the callback', () => {
    expect(linkCookie(linkCookiePolicy('https://bot.example/x/oauth/callback'), nonce, 600)).toBe(
      `warhorn_x_link=${nonce}; Path=/x/oauth; Max-Age=600; HttpOnly; SameSite=Lax; Secure`,
    );
    expect(linkCookiePolicy('http://127.0.0.1:3000/x/oauth/callback')).toEqual({ path: '/x/oauth', secure: false });
    expect(linkCookiePolicy('https://example.com/warhorn/x/oauth/callback').path).toBe('/warhorn/x/oauth');
    expect(linkCookiePolicy('https://example.com/callback').path).toBe('/');
    expect(clearLinkCookie(linkCookiePolicy('https://bot.example/x/oauth/callback'))).toMatch(/^warhorn_x_link=; Path=\/x\/oauth; Max-Age=0;/);
  });

  it('reads back only a nonce of the shape it gave out', () => {
    expect(readLinkCookie(`theme=dark; warhorn_x_link=${nonce}; other=1`)).toBe(nonce);
    expect(readLinkCookie('warhorn_x_link=short')).toBeUndefined();
    expect(readLinkCookie(`warhorn_x_link=${nonce.slice(1)}!`)).toBeUndefined();
    expect(readLinkCookie(undefined)).toBeUndefined();
    expect(readLinkCookie(`xwarhorn_x_link=${nonce}`)).toBeUndefined();
  });
});
