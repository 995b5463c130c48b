import type { Clock } from '../platform/clock.js';
import { XUnavailableError } from './errors.js';

// Per process, not in Redis: every process sees a failing X for itself within a few requests, so sharing
// buys little (at most one probe per process per cool-down) while costing a Redis round trip per call and
// coupling "X is down" to "Redis is slow". The gauge is per process too, which is what Prometheus scrapes.

export interface BreakerOptions {
  /** Consecutive failures that open the circuit... */
  failureThreshold: number;
  /** ...when they all fall within this window (an old failure does not count towards a new streak). */
  failureWindowMs: number;
  /** First cool-down; doubles after every failed probe up to `maxCooldownMs`. */
  cooldownMs: number;
  maxCooldownMs: number;
  /** A probe that has not reported back by then is presumed lost and another may go. */
  probeTimeoutMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = {
  failureThreshold: 5,
  failureWindowMs: 60_000,
  cooldownMs: 30_000,
  maxCooldownMs: 300_000,
  probeTimeoutMs: 60_000,
};

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerEvents {
  /** Called on every change of state, with the cool-down when opening. */
  onChange?(from: BreakerState, to: BreakerState, info: { failures: number; cooldownMs?: number; retryAt?: Date }): void;
}

export interface CircuitBreaker {
  /** Throws XUnavailableError while open (or while the one half-open probe is out); else lets the call go. */
  before(): void;
  /** Like before(), but takes no probe slot: for a cheap check ahead of other gates. */
  peek(): void;
  /** X answered (any 2xx/4xx): the streak ends, a probe closes the circuit. */
  success(): void;
  /** 5xx, network error or timeout. */
  failure(): void;
  state(): BreakerState;
  /** While open: when a probe may go. Null otherwise. */
  openUntil(): Date | null;
}

export function createCircuitBreaker(clock: Clock, options: BreakerOptions, events: BreakerEvents = {}): CircuitBreaker {
  let state: BreakerState = 'closed';
  let failures = 0;
  let streakStart = 0;
  let cooldown = options.cooldownMs;
  let openUntil = 0;
  let probeSince: number | null = null;

  const now = () => clock.now().getTime();
  const move = (to: BreakerState, extra: { cooldownMs?: number; retryAt?: Date } = {}) => {
    const from = state;
    state = to;
    if (from !== to) events.onChange?.(from, to, { failures, ...extra });
  };
  const open = (t: number) => {
    openUntil = t + cooldown;
    probeSince = null;
    move('open', { cooldownMs: cooldown, retryAt: new Date(openUntil) });
  };

  return {
    state() {
      if (state === 'open' && now() >= openUntil) return 'half-open';
      return state;
    },
    openUntil() {
      return state === 'open' ? new Date(openUntil) : null;
    },
    peek() {
      const t = now();
      if (state === 'open' && t < openUntil) throw new XUnavailableError(new Date(openUntil), 'circuit open');
      if (state === 'half-open' && probeSince !== null && t - probeSince < options.probeTimeoutMs) {
        throw new XUnavailableError(new Date(t + Math.min(options.cooldownMs, options.probeTimeoutMs)), 'circuit half-open, probe in flight');
      }
    },
    before() {
      const t = now();
      if (state === 'open') {
        if (t < openUntil) throw new XUnavailableError(new Date(openUntil), 'circuit open');
        move('half-open');
      }
      if (state === 'half-open') {
        if (probeSince !== null && t - probeSince < options.probeTimeoutMs) {
          // Someone else's probe is out: its outcome decides; come back a little later.
          throw new XUnavailableError(new Date(t + Math.min(options.cooldownMs, options.probeTimeoutMs)), 'circuit half-open, probe in flight');
        }
        probeSince = t;
      }
    },
    success() {
      failures = 0;
      if (state === 'half-open') {
        cooldown = options.cooldownMs;
        probeSince = null;
        move('closed');
      }
    },
    failure() {
      const t = now();
      if (state === 'half-open') {
        failures++;
        cooldown = Math.min(cooldown * 2, options.maxCooldownMs);
        open(t);
        return;
      }
      if (state === 'open') return; // a straggler from before the trip
      if (failures === 0 || t - streakStart > options.failureWindowMs) {
        failures = 0;
        streakStart = t;
      }
      failures++;
      if (failures >= options.failureThreshold) open(t);
    },
  };
}
