import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TwitterApi } from 'twitter-api-v2';
import { keyspace } from '../platform/redis.js';
import { rewriteAuthorizeUrl } from './client.js';
import { XLinkError, XRequestError } from './errors.js';
import type { Gateway } from './gateway.js';
import { toUser, type RawUser } from './mapping.js';
import type { XUser } from './types.js';

// OAuth 2.0 with PKCE. The code verifier never leaves the server: it waits in Redis under the random
// `state` (which is all the authorize URL carries) and is taken exactly once when X sends the member back,
// so a replayed callback finds nothing. The member's access token is used once, to ask who they are, and
// is not kept: linking needs the identity, not the right to act for them.

export type LinkMeta = Record<string, string | number | boolean | null>;

export interface LinkStart {
  /** Send the member here (X's authorize page, or the configured stand-in). */
  url: string;
  state: string;
  expiresAt: Date;
}

export interface LinkResult {
  user: XUser;
  /** Whatever the caller attached to the link when it began (e.g. the Telegram user id). */
  meta: LinkMeta;
}

export interface OAuth {
  beginLink(o?: { meta?: LinkMeta; callbackUrl?: string; ttlSeconds?: number }): Promise<LinkStart>;
  /** Exchanges the code from the callback for the member's X account. Throws XLinkError for an unknown,
   * expired or already used state. */
  finishLink(o: { state: string; code: string; purpose?: string }): Promise<LinkResult>;
}

interface Pending {
  codeVerifier: string;
  redirectUri: string;
  meta: LinkMeta;
}

const SCOPES = ['tweet.read', 'users.read'];
const USER_FIELDS = ['created_at', 'description', 'public_metrics'] as const;

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
  const need = () => {
    if (!deps.client) throw new XLinkError('X account linking needs X_CLIENT_ID and X_CLIENT_SECRET');
    return deps.client;
  };

  return {
    async beginLink(o = {}) {
      const client = need();
      const redirectUri = o.callbackUrl ?? deps.callbackUrl;
      if (!redirectUri) throw new XLinkError('X account linking needs a callback URL');
      const ttl = o.ttlSeconds ?? 600;
      const link = client.generateOAuth2AuthLink(redirectUri, { scope: SCOPES, state: randomBytes(24).toString('base64url') });
      const pending: Pending = { codeVerifier: link.codeVerifier, redirectUri, meta: o.meta ?? {} };
      await deps.redis.set(key(link.state), JSON.stringify(pending), 'EX', ttl);
      return {
        url: rewriteAuthorizeUrl(link.url, deps.authorizeUrl),
        state: link.state,
        expiresAt: new Date(deps.clock.now().getTime() + ttl * 1000),
      };
    },

    async finishLink({ state, code, purpose = 'link' }) {
      const client = need();
      const raw = state ? await deps.redis.getdel(key(state)) : null;
      if (!raw) throw new XLinkError('this X link has expired or was already used; start again');
      const pending = JSON.parse(raw) as Pending;
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
          if (error instanceof XRequestError) throw new XLinkError(`X refused the authorization code (${error.status})`);
          throw error;
        });
      if (!login) throw new XLinkError('X did not accept the authorization code');
      const me = await deps.gateway.request({
        endpoint: 'users/me',
        purpose,
        // Limits of user-context calls count per member, not against the app's shared window.
        appLimits: false,
        send: async () => ({ data: await login.client.v2.me({ 'user.fields': [...USER_FIELDS] }) }),
        resources: (r) => ({ posts: [], users: [r.data.id] }),
      });
      if (!me) throw new XLinkError('X did not say who the member is');
      return { user: toUser(me.data as RawUser), meta: pending.meta };
    },
  };
}
