import { sleep } from '../platform/clock.js';
import type { ServiceSchema } from '../platform/database.js';
import { createCircuitBreaker, DEFAULT_BREAKER, type BreakerState } from './circuit-breaker.js';
import type { XDeps } from './deps.js';
import { authorizeUrlFor, createClients, DEFAULT_API_ROOT } from './client.js';
import { createCosts, resolvePrices } from './costs.js';
import { createGateway, DEFAULT_GATEWAY, type GatewayOptions } from './gateway.js';
import { xMetrics } from './metrics.js';
import { CreateUsage1764000005000 } from './migrations/create-usage-1764000005000.js';
import { createOAuth, type OAuth } from './oauth.js';
import { createRateLimits, type RateLimit } from './rate-limits.js';
import { createReads, type Reads } from './reads.js';
import type { Usage } from './types.js';

export type { FeedPage, LikersResult, Purpose, RepliesResult, TimelineResult, Usage, UsageRow, UsersResult, XEntities, XMedia, XPost, XPostMetrics, XPrices, XUser } from './types.js';
export type { BreakerOptions, BreakerState } from './circuit-breaker.js';
export type { GatewayOptions } from './gateway.js';
export type { XConfig, XDeps } from './deps.js';
export type { LinkEntry, LinkMeta, LinkResult, LinkStart } from './oauth.js';
export type { RateLimit } from './rate-limits.js';
export type { FeedReadOptions, Reads } from './reads.js';
export { XLinkError, XRateLimitedError, XRequestError, XUnavailableError, type XLinkErrorReason } from './errors.js';
export { DEFAULT_PRICES, purposeKind, utcDay } from './costs.js';
export { DEFAULT_API_ROOT } from './client.js';
export { postUrl } from './links.js';

export const xSchema: ServiceSchema = {
  migrations: [CreateUsage1764000005000],
};

/** Every read takes `{ purpose }`: who pays (`raid:42:validation`), recorded in x.usage. */
export interface X extends Reads {
  /** Whether OAuth linking is configured (a client and a callback URL), without starting a link. */
  linkAvailable: OAuth['linkAvailable'];
  /** OAuth 2.0 PKCE linking of a member's X account: the start (an address for the member, state in Redis). */
  beginLink: OAuth['beginLink'];
  /** The first hop in the member's browser: ties the link to that browser. */
  enterLink: OAuth['enterLink'];
  /** X sent the member back: trades the code for the account that approved. */
  finishLink: OAuth['finishLink'];
  /** Totals of a purpose and its sub-purposes: usage('raid:42') sums 'raid:42' and 'raid:42:*'. */
  usage(purpose: string): Promise<Usage>;
  /** What a purpose and its sub-purposes cost on one UTC day (`utcDay(date)`), integer micro-dollars. */
  spentOn(purpose: string, day: string): Promise<bigint>;
  /** The shared window of an endpoint template (e.g. 'tweets/search/recent') as X last reported it. */
  rateLimit(endpoint: string): Promise<RateLimit | null>;
  /** This process's circuit breaker. */
  circuit(): BreakerState;
}

export function createX(deps: XDeps): X {
  const { clock, log } = deps;
  const cfg = deps.config;
  const apiRoot = cfg.apiRoot || DEFAULT_API_ROOT;
  const metrics = xMetrics(deps.metrics);
  const clients = createClients({
    apiRoot,
    bearerToken: cfg.bearerToken,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    ...(deps.httpsAgent ? { httpsAgent: deps.httpsAgent } : {}),
  });

  metrics.circuitOpen.set(0);
  const breaker = createCircuitBreaker(
    clock,
    { ...DEFAULT_BREAKER, ...cfg.breaker },
    {
      onChange(from, to, info) {
        metrics.circuitOpen.set(to === 'closed' ? 0 : 1);
        if (to === 'open') metrics.circuitTrips.inc();
        log.warn({ from, to, failures: info.failures, cooldownMs: info.cooldownMs, retryAt: info.retryAt?.toISOString() }, `x: circuit ${to}`);
      },
    },
  );
  const rateLimits = createRateLimits(deps.redis, deps.prefix);
  const costs = createCosts({ db: deps.db, redis: deps.redis, prefix: deps.prefix, prices: resolvePrices(cfg.prices) });
  const options: GatewayOptions = {
    ...DEFAULT_GATEWAY,
    ...(cfg.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: cfg.maxRateLimitWaitMs } : {}),
    ...(cfg.retryAfterFailureMs !== undefined ? { retryAfterFailureMs: cfg.retryAfterFailureMs } : {}),
  };
  const gateway = createGateway({ clock, log, metrics, breaker, rateLimits, costs, options, sleep: deps.sleep ?? sleep });
  const reads = createReads({ app: clients.app, gateway, clock, timeoutMs: cfg.timeoutMs ?? 10_000 });
  const oauth = createOAuth({
    client: clients.oauth,
    gateway,
    redis: deps.redis,
    prefix: deps.prefix,
    authorizeUrl: authorizeUrlFor(apiRoot, cfg.authorizeUrl),
    callbackUrl: cfg.callbackUrl,
    clock,
  });

  return {
    ...reads,
    linkAvailable: oauth.linkAvailable,
    beginLink: oauth.beginLink,
    enterLink: oauth.enterLink,
    finishLink: oauth.finishLink,
    usage: costs.usage,
    spentOn: costs.spentOn,
    rateLimit: rateLimits.get,
    circuit: breaker.state,
  };
}
