import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type BreakerState } from './circuit-breaker.js';
import { XUnavailableError } from './errors.js';

const T0 = Date.UTC(2026, 10, 1, 12);
const opts = { failureThreshold: 3, failureWindowMs: 10_000, cooldownMs: 30_000, maxCooldownMs: 100_000, probeTimeoutMs: 60_000 };

function setup() {
  let t = T0;
  const changes: Array<[BreakerState, BreakerState, number | undefined]> = [];
  const breaker = createCircuitBreaker({ now: () => new Date(t) }, opts, {
    onChange: (from, to, info) => changes.push([from, to, info.cooldownMs]),
  });
  const fail = (n: number) => {
    for (let i = 0; i < n; i++) {
      breaker.before();
      breaker.failure();
    }
  };
  const refused = () => {
    try {
      breaker.before();
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(XUnavailableError);
      return (error as XUnavailableError).retryAt.getTime();
    }
  };
  return { breaker, changes, fail, refused, advance: (ms: number) => (t += ms), now: () => t };
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures and fails fast until the cool-down ends', () => {
    const s = setup();
    s.fail(2);
    expect(s.breaker.state()).toBe('closed');
    s.fail(1);
    expect(s.breaker.state()).toBe('open');
    expect(s.refused()).toBe(T0 + 30_000);
    s.advance(29_999);
    expect(s.refused()).toBe(T0 + 30_000);
    expect(s.changes).toEqual([['closed', 'open', 30_000]]);
  });

  it('a success between failures ends the streak; failures spread wider than the window do not trip', () => {
    const s = setup();
    s.fail(2);
    s.breaker.success();
    s.fail(2);
    expect(s.breaker.state()).toBe('closed');
    s.advance(10_001); // the streak began more than a window ago: it starts over
    s.fail(2);
    expect(s.breaker.state()).toBe('closed');
    s.fail(1);
    expect(s.breaker.state()).toBe('open');
  });

  it('half-open lets exactly one probe through; its success closes the circuit', () => {
    const s = setup();
    s.fail(3);
    s.advance(30_000);
    expect(s.breaker.state()).toBe('half-open');
    expect(s.refused()).toBeNull(); // the probe
    expect(s.refused()).not.toBeNull(); // everyone else waits for its outcome
    s.breaker.success();
    expect(s.breaker.state()).toBe('closed');
    expect(s.refused()).toBeNull();
    expect(s.changes.map(([, to]) => to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe reopens with a doubled cool-down, capped, and a success resets it', () => {
    const s = setup();
    s.fail(3);
    const cooldowns = [30_000];
    for (let i = 0; i < 3; i++) {
      s.advance(cooldowns.at(-1)!);
      s.fail(1); // the probe fails
      cooldowns.push(s.refused()! - s.now());
    }
    expect(cooldowns).toEqual([30_000, 60_000, 100_000, 100_000]);
    s.advance(100_000);
    expect(s.refused()).toBeNull();
    s.breaker.success();
    s.fail(3);
    expect(s.refused()! - s.now()).toBe(30_000);
  });

  it('a lost probe does not block forever', () => {
    const s = setup();
    s.fail(3);
    s.advance(30_000);
    expect(s.refused()).toBeNull();
    s.advance(59_999);
    expect(s.refused()).not.toBeNull();
    s.advance(1);
    expect(s.refused()).toBeNull();
  });

  it('peek fails fast while open but does not take the probe slot', () => {
    const s = setup();
    s.fail(3);
    expect(() => s.breaker.peek()).toThrow(XUnavailableError);
    s.advance(30_000);
    s.breaker.peek();
    s.breaker.peek();
    expect(s.refused()).toBeNull(); // the probe is still there to take
    expect(() => s.breaker.peek()).toThrow(XUnavailableError);
  });
});
