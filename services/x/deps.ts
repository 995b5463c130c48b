import type https from 'node:https';
import type { ServiceBase } from '../platform/service-base.js';
import type { BreakerOptions } from './circuit-breaker.js';
import type { XPrices } from './types.js';

export interface XConfig {
  /** X_API_ROOT, default https://api.x.com. */
  apiRoot: string;
  /** X_BEARER_TOKEN: app-only, for every read. */
  bearerToken: string;
  /** X_CLIENT_ID / X_CLIENT_SECRET: OAuth 2.0 client for linking members' accounts. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Where X sends members back after they approve the link (X_OAUTH_CALLBACK_URL). */
  callbackUrl?: string | undefined;
  /** X_AUTHORIZE_URL: the authorize page; defaults to X's, or `${apiRoot}/i/oauth2/authorize` for a custom root. */
  authorizeUrl?: string | undefined;
  /** Integer micro-dollars (X_PRICE_POST_READ_MICROS, X_PRICE_USER_READ_MICROS). */
  prices?: Partial<XPrices> | undefined;
  /** X_RATE_LIMIT_MAX_WAIT_MS: wait for a spent window resetting within this, else XRateLimitedError. */
  maxRateLimitWaitMs?: number | undefined;
  /** X_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number | undefined;
  /** X_CIRCUIT_* */
  breaker?: Partial<BreakerOptions> | undefined;
  retryAfterFailureMs?: number | undefined;
}

/** The whole bundle: usage rows in Postgres, rate-limit windows, costs and OAuth state in Redis under
 * `${prefix}:x:...`, the circuit breaker and the gateway on the clock. */
export interface XDeps extends Pick<ServiceBase, 'db' | 'redis' | 'prefix' | 'log' | 'metrics' | 'clock'> {
  config: XConfig;
  /** Extra TLS trust for a stand-in in tests; production trusts through NODE_EXTRA_CA_CERTS. */
  httpsAgent?: https.Agent;
  /** How to wait for a rate-limit window near its reset (tests may pass a faster one). */
  sleep?: (ms: number) => Promise<void>;
}
