import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TwitterApi } from 'twitter-api-v2';
import { keyspace } from '../platform/redis.js';
import { rewriteAuthorizeUrl } from './client.js';
import { XLinkError, XRequestError } from './errors.js';
import type { Gateway } from './gateway.js';
import { toUser, type RawUser } from './mapping.js';
import type { XUser } from './types.js';

// OAuth 2.0 with PKCE. The code verifier never leaves the server: it waits in Redis under the random
// `state` and is taken exactly once when X sends the member back, so a replayed callback finds nothing.
// The member's access token is used once, to ask who they are, and is not kept: linking needs the
// identity, not the right to act for them.
//
// The state alone would let anyone who holds the authorize URL finish the link for the member who started
// it: an attacker passes their URL on, the victim approves on X, and the victim's X account is linked to the
// attacker's Telegram account (login CSRF). So the link is bound to a browser: the member is sent first to
// our own `start` page (beside the callback), which gives their browser a random nonce in a cookie and
// keeps its hash with the state; the callback is refused unless the browser brings that nonce back. The
// first browser to open a link owns it.

export type LinkMeta = Record<string, string | number | boolean | null>;

export interface LinkStart {
  /** Where the member goes first: our own first hop (`start` beside the callback URL), which binds the
   * link to their browser and sends them on to `url`. */
  startUrl: string;
  /** X's authorize page (or the configured stand-in) for this link. */
  url: string;
  state: string;
  expiresAt: Date;
}

export type LinkEntry =
  /** `browser` is the nonce the browser must keep (a cookie) and bring back to the callback. */
  | { ok: true; authorizeUrl: string; browser: string; expiresAt: Date; secondsLeft: number }
  | { ok: false; reason: 'expired' | 'other_browser' };

export interface LinkResult {
  user: XUser;
  /** Whatever the caller attached to the link when it began (e.g. the Telegram user id). */
  meta: LinkMeta;
}

export interface OAuth {
  /** Whether linking can begin here: an OAuth client and a callback URL are configured. */
  linkAvailable(): boolean;
  beginLink(o?: { meta?: LinkMeta; callbackUrl?: string; ttlSeconds?: number }): Promise<LinkStart>;
  /** The first hop: binds the link to the browser that opens it first. `browser` is the nonce that browser
   * already holds, if any (the same browser may open its link again). */
  enterLink(state: string, browser?: string): Promise<LinkEntry>;
  /** Exchanges the code from the callback for the member's X account, if `browser` is the nonce the first
   * hop gave. Throws XLinkError for an unknown, expired or already used state (`expired`), another browser
   * (`other_browser`, the state is then spent) or a code X refuses (`refused`). */
  finishLink(o: { state: string; code: string; browser: string | undefined; purpose?: string }): Promise<LinkResult>;
}

interface Pending {
  codeVerifier: string;
  redirectUri: string;
  authorizeUrl: string;
  /** Epoch ms: the browser binding lives as long as the link. */
  expiresAt: number;
  meta: LinkMeta;
}

const SCOPES = ['tweet.read', 'users.read'];
const USER_FIELDS = ['created_at', 'description', 'public_metrics'] as const;

// Only the hash is kept: whoever reads Redis cannot act as the browser.
const digest = (nonce: string) => createHash('sha256').update(nonce).digest();
const sameNonce = (nonce: string | undefined, storedHex: string | null) =>
  nonce !== undefined && storedHex !== null && timingSafeEqual(digest(nonce), Buffer.from(storedHex, 'hex'));

/** The first hop sits beside the callback: `.../x/oauth/callback` → `.../x/oauth/start?state=...`. */
export function startUrlFor(callbackUrl: string, state: string): string {
  const url = new URL('start', callbackUrl);
  url.search = '';
  url.searchParams.set('state', state);
  return url.toString();
}

export function createOAuth(deps: {
  client: TwitterApi | null;
  gateway: Gateway;
  redis: Redis;
  prefix: string;
  authorizeUrl: string;
  callbackUrl?: string | undefined;
  clock: { now(): Date };
}): OAuth {
  const key = (state: string) => keyspace(deps.prefix)('x', 'oauth', state);
  const browserKey = (state: string) => keyspace(deps.prefix)('x', 'oauth-browser', state);
  const need = () => {
    if (!deps.client) throw new XLinkError('X account linking needs X_CLIENT_ID and X_CLIENT_SECRET', 'not_configured');
    return deps.client;
  };

  async function exchange(client: TwitterApi, pending: Pending, code: string, purpose: string): Promise<LinkResult> {
    const login = await deps.gateway
      .request({
        endpoint: 'oauth2/token',
        purpose,
        appLimits: false,
        send: async () => ({ data: await client.loginWithOAuth2({ code, codeVerifier: pending.codeVerifier, redirectUri: pending.redirectUri }) }),
        resources: () => ({ posts: [], users: [] }),
      })
      .catch((error: unknown) => {
        // A wrong, reused or expired code is the member's problem to retry, not an outage.
        if (error instanceof XRequestError) throw new XLinkError(`X refused the authorization code (${error.status})`, 'refused', pending.meta);
        throw error;
      });
    if (!login) throw new XLinkError('X did not accept the authorization code', 'refused', pending.meta);
    const me = await deps.gateway.request({
      endpoint: 'users/me',
      purpose,
      // Limits of user-context calls count per member, not against the app's shared window.
      appLimits: false,
      send: async () => ({ data: await login.client.v2.me({ 'user.fields': [...USER_FIELDS] }) }),
      resources: (r) => ({ posts: [], users: [r.data.id] }),
    });
    if (!me) throw new XLinkError('X did not say who the member is', 'refused', pending.meta);
    return { user: toUser(me.data as RawUser), meta: pending.meta };
  }

  return {
    linkAvailable: () => deps.client !== null && Boolean(deps.callbackUrl),

    async beginLink(o = {}) {
      const client = need();
      const redirectUri = o.callbackUrl ?? deps.callbackUrl;
      if (!redirectUri) throw new XLinkError('X account linking needs a callback URL', 'not_configured');
      const ttl = o.ttlSeconds ?? 600;
      const link = client.generateOAuth2AuthLink(redirectUri, { scope: SCOPES, state: randomBytes(24).toString('base64url') });
      const authorizeUrl = rewriteAuthorizeUrl(link.url, deps.authorizeUrl);
      const expiresAt = deps.clock.now().getTime() + ttl * 1000;
      const pending: Pending = { codeVerifier: link.codeVerifier, redirectUri, authorizeUrl, expiresAt, meta: o.meta ?? {} };
      await deps.redis.set(key(link.state), JSON.stringify(pending), 'EX', ttl);
      return { startUrl: startUrlFor(redirectUri, link.state), url: authorizeUrl, state: link.state, expiresAt: new Date(expiresAt) };
    },

    async enterLink(state, browser) {
      const raw = state ? await deps.redis.get(key(state)) : null;
      if (!raw) return { ok: false, reason: 'expired' };
      const pending = JSON.parse(raw) as Pending;
      const leftMs = pending.expiresAt - deps.clock.now().getTime();
      if (leftMs <= 0) return { ok: false, reason: 'expired' };
      const entry = { ok: true as const, authorizeUrl: pending.authorizeUrl, expiresAt: new Date(pending.expiresAt), secondsLeft: Math.ceil(leftMs / 1000) };
      if (sameNonce(browser, await deps.redis.get(browserKey(state)))) return { ...entry, browser: browser! };
      const nonce = randomBytes(32).toString('base64url');
      // NX: the first browser wins; a second one (the link passed on) gets nothing it could finish with.
      const taken = await deps.redis.set(browserKey(state), digest(nonce).toString('hex'), 'PX', leftMs, 'NX');
      return taken ? { ...entry, browser: nonce } : { ok: false, reason: 'other_browser' };
    },

    async finishLink({ state, code, browser, purpose = 'link' }) {
      const client = need();
      if (!state) throw new XLinkError('this X link has expired or was already used; start again');
      // Taken together and once: a refused callback spends the link too, so a lure works at most once.
      const replies = await deps.redis.multi().getdel(key(state)).getdel(browserKey(state)).exec();
      const [raw, bound] = (replies ?? []).map(([error, value]) => {
        if (error) throw error;
        return value as string | null;
      });
      if (!raw) throw new XLinkError('this X link has expired or was already used; start again');
      const pending = JSON.parse(raw) as Pending;
      if (!sameNonce(browser, bound ?? null)) {
        throw new XLinkError('the link was finished in another browser than the one that started it', 'other_browser', pending.meta);
      }
      return exchange(client, pending, code, purpose);
    },
  };
}
