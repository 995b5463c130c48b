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

/** OAuth linking asked for, but X_CLIENT_ID / X_CLIENT_SECRET / the callback URL are not configured, or
 * the state was unknown or already used. */
export class XLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XLinkError';
  }
}
