import { describe, expect, it } from 'vitest';
import { TwitterApi } from 'twitter-api-v2';
import { authorizeUrlFor, rewriteAuthorizeUrl, rewriteUrl, rootRewritePlugin } from './client.js';
import { DEFAULT_PRICES, priceOf, purposeKind, resolvePrices, utcDay } from './costs.js';

describe('root rewrite', () => {
  it('sends library URLs to the configured root, keeping path and query', () => {
    expect(rewriteUrl('https://api.x.com/2/tweets/1?x=1', 'https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443/2/tweets/1?x=1');
    expect(rewriteUrl('https://api.twitter.com/2/oauth2/token', 'https://proxy.example/x/')).toBe('https://proxy.example/x/2/oauth2/token');
    expect(rewriteUrl('https://example.org/other', 'https://127.0.0.1:8443')).toBe('https://example.org/other');
  });

  it('refuses a plain-http root, which twitter-api-v2 cannot reach', () => {
    expect(() => rootRewritePlugin('http://127.0.0.1:8080')).toThrow(/https/);
  });

  it('the authorize page follows a custom root unless one is configured', () => {
    expect(authorizeUrlFor('https://api.x.com')).toBe('https://x.com/i/oauth2/authorize');
    expect(authorizeUrlFor('https://127.0.0.1:9000')).toBe('https://127.0.0.1:9000/i/oauth2/authorize');
    expect(authorizeUrlFor('https://127.0.0.1:9000', 'https://auth.example/authorize')).toBe('https://auth.example/authorize');
  });

  it('a library-made link keeps its PKCE query on the rewritten page', () => {
    const client = new TwitterApi({ clientId: 'cid' });
    const link = client.generateOAuth2AuthLink('https://bot.example/x/callback', { scope: ['tweet.read', 'users.read'], state: 's1' });
    const url = new URL(rewriteAuthorizeUrl(link.url, 'https://127.0.0.1:9000/i/oauth2/authorize'));
    expect(url.origin + url.pathname).toBe('https://127.0.0.1:9000/i/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'cid',
      state: 's1',
      code_challenge_method: 's256',
      code_challenge: link.codeChallenge,
      redirect_uri: 'https://bot.example/x/callback',
      scope: 'tweet.read users.read',
    });
  });
});

describe('price table', () => {
  it('defaults to pay-per-use prices in integer micro-dollars', () => {
    expect(DEFAULT_PRICES).toEqual({ postReadMicros: 5_000n, userReadMicros: 10_000n });
    expect(priceOf(DEFAULT_PRICES, { posts: 3, users: 2 })).toBe(35_000n);
  });

  it('takes overrides and refuses negative or non-integer prices', () => {
    expect(resolvePrices({ userReadMicros: 1n })).toEqual({ postReadMicros: 5_000n, userReadMicros: 1n });
    expect(() => resolvePrices({ postReadMicros: -1n })).toThrow(/non-negative/);
    expect(() => resolvePrices({ postReadMicros: 0.5 as unknown as bigint })).toThrow(/bigint/);
  });

  it('days are UTC and purpose kinds stop at the first colon', () => {
    expect(utcDay(new Date('2026-11-01T23:59:59.999-01:00'))).toBe('2026-11-02');
    expect(purposeKind('raid:42:validation')).toBe('raid');
    expect(purposeKind('link')).toBe('link');
  });
});
