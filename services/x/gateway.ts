import type { Logger } from '../platform/logger.js';
import type { Clock } from '../platform/clock.js';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, type TwitterRateLimit } from 'twitter-api-v2';
import type { CircuitBreaker } from './circuit-breaker.js';
import { purposeKind, type Costs, type Resources } from './costs.js';
import { XRateLimitedError, XRequestError, XUnavailableError } from './errors.js';
import type { XMetrics } from './metrics.js';
import type { RateLimits } from './rate-limits.js';

// Every call to X goes through here, in this order: circuit breaker (fail fast while X is down), shared
// rate-limit window (wait if its reset is near, else hand the job back), the request, then accounting.

export interface GatewayOptions {
  /** Wait in process for a spent window when it resets within this; otherwise throw XRateLimitedError. */
  maxRateLimitWaitMs: number;
  /** After a single 5xx or network error (breaker still closed), tell the caller to come back after this. */
  retryAfterFailureMs: number;
  /** A 429 without rate-limit headers: assume the window resets after this. */
  defaultRateLimitPenaltyMs: number;
}

export const DEFAULT_GATEWAY: GatewayOptions = { maxRateLimitWaitMs: 20_000, retryAfterFailureMs: 5_000, defaultRateLimitPenaltyMs: 60_000 };

export interface Call<T> {
  /** The endpoint template (`tweets/:id`): the metric label and the rate-limit key. */
  endpoint: string;
  purpose: string;
  /** Sends the request; `rateLimit` as twitter-api-v2 parsed it from the headers. */
  send(): Promise<{ data: T; rateLimit?: TwitterRateLimit | undefined }>;
  /** What the answer is charged for. */
  resources(data: T): Resources;
  /** False for user-context calls, whose limits are per user and must not spend the app's window. */
  appLimits?: boolean;
  /** Told what the answer was billed (micro-dollars, after the day's dedupe), for callers that share the
   * cost out (feeds split a read among the groups it served). */
  onCharge?: (costMicros: bigint) => void;
}

export interface Gateway {
  /** The data, or null when X answered 404. */
  request<T>(call: Call<T>): Promise<T | null>;
}

export interface GatewayDeps {
  clock: Clock;
  log: Logger;
  metrics: XMetrics;
  breaker: CircuitBreaker;
  rateLimits: RateLimits;
  costs: Costs;
  options: GatewayOptions;
  sleep(ms: number): Promise<void>;
}

// Reset is in whole seconds and clocks differ a little: go a moment after it.
const RESET_MARGIN_MS = 500;
const MAX_429_ROUNDS = 3;

/** twitter-api-v2 1.29.1 stores the socket error as `error` but its `requestError` getter reads
 * `requestError`, which is always undefined: look in both. */
function causeOf(error: ApiRequestError | ApiPartialResponseError): Error | undefined {
  const options = (error as unknown as { _options?: { error?: Error; requestError?: Error; responseError?: Error } })._options;
  return options?.requestError ?? options?.error ?? options?.responseError;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { clock, log, metrics, breaker, rateLimits, costs, options } = deps;

  const account = async (purpose: string, endpoint: string, status: string, resources: Resources, onCharge?: (micros: bigint) => void) => {
    metrics.requests.inc({ endpoint, status });
    const at = clock.now();
    try {
      const charge = await costs.charge(resources, at);
      onCharge?.(charge.costMicros);
      await costs.record(purpose, endpoint, at, { requests: 1, ...charge });
      if (charge.costMicros > 0n) metrics.cost.inc({ purpose_kind: purposeKind(purpose) }, Number(charge.costMicros));
    } catch (error) {
      // The read itself succeeded and is paid for; failing it now would only make the caller read again.
      log.error({ err: error, purpose, endpoint }, 'x: usage accounting failed');
    }
  };

  /** Waits for the endpoint's window when its reset is near; throws XRateLimitedError when it is not. */
  const waitForWindow = async (endpoint: string, resetAt: Date) => {
    const waitMs = resetAt.getTime() + RESET_MARGIN_MS - clock.now().getTime();
    if (waitMs > options.maxRateLimitWaitMs) {
      metrics.rateLimited.inc({ endpoint, outcome: 'rescheduled' });
      throw new XRateLimitedError(endpoint, new Date(resetAt.getTime() + RESET_MARGIN_MS));
    }
    metrics.rateLimited.inc({ endpoint, outcome: 'waited' });
    if (waitMs > 0) await deps.sleep(waitMs);
  };

  const record = async (endpoint: string, rl: TwitterRateLimit | undefined) => {
    if (!rl) return;
    try {
      await rateLimits.record(endpoint, rl, clock.now().getTime());
    } catch (error) {
      log.warn({ err: error, endpoint }, 'x: could not store rate limit');
    }
  };

  return {
    async request<T>(call: Call<T>): Promise<T | null> {
      const { endpoint, purpose } = call;
      const shared = call.appLimits !== false;
      for (let round = 1; ; round++) {
        // Fail fast before spending a slot of the shared window on a call that would not go anyway.
        breaker.peek();
        if (shared) {
          for (;;) {
            const resetAt = await rateLimits.acquire(endpoint, clock.now().getTime());
            if (!resetAt) break;
            await waitForWindow(endpoint, resetAt);
          }
        }
        breaker.before();
        let response: { data: T; rateLimit?: TwitterRateLimit | undefined };
        try {
          response = await call.send();
        } catch (error) {
          if (error instanceof ApiResponseError) {
            if (shared) await record(endpoint, error.rateLimit);
            const status = error.code;
            await account(purpose, endpoint, String(status), { posts: [], users: [] });
            if (status === 429) {
              breaker.success(); // X answered: it is up, only busy
              const reset = error.rateLimit?.reset
                ? new Date(error.rateLimit.reset * 1000)
                : new Date(clock.now().getTime() + options.defaultRateLimitPenaltyMs);
              if (shared && !error.rateLimit) {
                await record(endpoint, { limit: 0, remaining: 0, reset: Math.ceil(reset.getTime() / 1000) });
              }
              log.warn({ endpoint, purpose, resetAt: reset.toISOString() }, 'x: 429 rate limited');
              if (round >= MAX_429_ROUNDS) throw new XRateLimitedError(endpoint, reset);
              await waitForWindow(endpoint, reset);
              continue;
            }
            if (status >= 500) {
              breaker.failure();
              throw new XUnavailableError(retryAt(), `X answered ${status} on ${endpoint}`);
            }
            breaker.success();
            if (status === 404) return null;
            const first = error.data?.errors?.[0] as { message?: string } | undefined;
            throw new XRequestError(endpoint, status, first?.message ?? error.data?.detail ?? error.data?.title ?? error.message);
          }
          if (error instanceof ApiRequestError || error instanceof ApiPartialResponseError) {
            const timeout = /timeout/i.test(causeOf(error)?.message ?? error.message);
            await account(purpose, endpoint, timeout ? 'timeout' : 'network', { posts: [], users: [] });
            breaker.failure();
            throw new XUnavailableError(retryAt(), `${timeout ? 'timeout' : 'network error'} on ${endpoint}`);
          }
          throw error;
        }
        breaker.success();
        if (shared) await record(endpoint, response.rateLimit);
        await account(purpose, endpoint, '200', call.resources(response.data), call.onCharge);
        return response.data;
      }

      function retryAt(): Date {
        // An open breaker knows when it will let a probe through; a lone failure gets a short pause.
        return breaker.openUntil() ?? new Date(clock.now().getTime() + options.retryAfterFailureMs);
      }
    },
  };
}
