// Typed failures a caller (usually a BullMQ job) can act on: the first two mean "try again later, at this
// time", never "the input was wrong", so a raid's validation is delayed rather than anyone judged wrongly.

/** The endpoint's rate-limit window is spent and its reset is too far away to wait for in-process. */
export class XRateLimitedError extends Error {
  constructor(
    readonly endpoint: string,
    readonly resetAt: Date,
  ) {
    super(`X rate limit spent on ${endpoint} until ${resetAt.toISOString()}`);
    this.name = 'XRateLimitedError';
  }
}

/** X is failing (5xx, network, timeouts) or the circuit breaker is open: do not call before `retryAt`. */
export class XUnavailableError extends Error {
  constructor(
    readonly retryAt: Date,
    readonly reason: string,
  ) {
    super(`X unavailable (${reason}); retry after ${retryAt.toISOString()}`);
    this.name = 'XUnavailableError';
  }
}

/** X refused the request itself (4xx other than 404/429): retrying will not help. */
export class XRequestError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    detail: string,
  ) {
    super(`X refused ${endpoint} (${status}): ${detail}`);
    this.name = 'XRequestError';
  }
}

/** Why an OAuth link did not go through. `other_browser`: the callback came from another browser than the
 * one that took the link's first hop (a link passed on to someone else: login CSRF). */
export type XLinkErrorReason = 'not_configured' | 'expired' | 'other_browser' | 'refused';

/** OAuth linking asked for, but X_CLIENT_ID / X_CLIENT_SECRET / the callback URL are not configured, or
 * the state was unknown, already used or finished in another browser, or X refused the code. `meta` is what
 * the link carried, when the state was known (so the member who started it can be told). */
export class XLinkError extends Error {
  constructor(
    message: string,
    readonly reason: XLinkErrorReason = 'expired',
    readonly meta?: Record<string, string | number | boolean | null>,
  ) {
    super(message);
    this.name = 'XLinkError';
  }
}
