// Per-endpoint rate limits in fixed 15-minute windows, one bucket per app or per user token, with the
// x-rate-limit-* headers X sends. Numbers: docs.x.com/x-api/fundamentals/rate-limits (see README).
import type { FakeClock } from './clock.js';

export const ENDPOINTS = [
  'GET /2/tweets',
  'GET /2/tweets/:id',
  'GET /2/tweets/:id/liking_users',
  'GET /2/tweets/:id/retweeted_by',
  'GET /2/tweets/:id/quote_tweets',
  'GET /2/tweets/search/recent',
  'GET /2/users/by/username/:username',
  'GET /2/users/by',
  'GET /2/users/:id',
  'GET /2/users',
  'GET /2/users/me',
  'GET /2/users/:id/tweets',
] as const;

export type EndpointName = (typeof ENDPOINTS)[number];

/** [per app (Bearer), per user (OAuth 2.0 user token)] requests per 15 minutes. */
export const PUBLISHED_LIMITS: Record<EndpointName, [number, number]> = {
  'GET /2/tweets': [3500, 5000],
  'GET /2/tweets/:id': [450, 900],
  'GET /2/tweets/:id/liking_users': [75, 75],
  'GET /2/tweets/:id/retweeted_by': [75, 75],
  'GET /2/tweets/:id/quote_tweets': [75, 75],
  'GET /2/tweets/search/recent': [450, 300],
  'GET /2/users/by/username/:username': [300, 900],
  'GET /2/users/by': [300, 900],
  'GET /2/users/:id': [300, 900],
  'GET /2/users': [300, 900],
  'GET /2/users/me': [75, 75],
  'GET /2/users/:id/tweets': [10000, 900],
};

export const WINDOW_MS = 15 * 60_000;

interface Bucket { start: number; used: number }

export interface Verdict { allowed: boolean; headers: Record<string, string> }

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private overrides = new Map<EndpointName, number>();

  constructor(private clock: FakeClock, public enabled = true, overrides: Partial<Record<EndpointName, number>> = {}) {
    for (const [k, v] of Object.entries(overrides)) if (v !== undefined) this.overrides.set(k as EndpointName, v);
  }

  setLimit(endpoint: EndpointName, limit: number): void {
    this.overrides.set(endpoint, limit);
  }

  limitFor(endpoint: EndpointName, principal: string): number {
    const [app, user] = PUBLISHED_LIMITS[endpoint];
    return this.overrides.get(endpoint) ?? (principal === 'app' ? app : user);
  }

  /** Spends one request (unless the window is spent) and says what the headers should read. */
  take(endpoint: EndpointName, principal: string): Verdict {
    const b = this.bucket(endpoint, principal);
    const limit = this.limitFor(endpoint, principal);
    const allowed = !this.enabled || b.used < limit;
    if (allowed) b.used++;
    // With limits off, the window reads as untouched so a careful client never waits.
    const remaining = this.enabled ? Math.max(0, limit - b.used) : limit;
    return { allowed, headers: this.headers(limit, remaining, b) };
  }

  /** Headers for an answer that did not spend a request (an injected 429 reads as an empty window). */
  exhausted(endpoint: EndpointName, principal: string): Record<string, string> {
    const b = this.bucket(endpoint, principal);
    return this.headers(this.limitFor(endpoint, principal), 0, b);
  }

  reset(): void {
    this.buckets.clear();
  }

  private bucket(endpoint: EndpointName, principal: string): Bucket {
    const key = `${endpoint}|${principal}`;
    const now = this.clock.now().getTime();
    let b = this.buckets.get(key);
    if (!b || now >= b.start + WINDOW_MS) {
      b = { start: now, used: 0 };
      this.buckets.set(key, b);
    }
    return b;
  }

  private headers(limit: number, remaining: number, b: Bucket): Record<string, string> {
    return {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(remaining),
      'x-rate-limit-reset': String(Math.ceil((b.start + WINDOW_MS) / 1000)),
    };
  }
}
