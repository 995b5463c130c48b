// Fault injection: slow answers, forced 5xx and 429 replies, for chosen bots and methods.
import { ApiError, tooManyRequests } from './errors.js';

export interface Fault {
  /** Only this bot (default: every bot). */
  botId?: number;
  /** Only these methods, case-insensitive (default: every method). */
  method?: string | string[];
  /** Delay before the call is handled. */
  latencyMs?: number;
  /** Answer with this error code instead of handling the call: 429, 500, 502, 503, 504... */
  status?: number;
  /** Overrides the standard description of `status`. */
  description?: string;
  /** retry_after for a forced 429 (default 1). */
  retryAfter?: number;
  /** Lets this many matching calls through before the fault starts (a call's second use, say). */
  after?: number;
  /** The fault applies to the next `times` matching calls, then disappears. */
  times?: number;
  /** Each matching call is hit with this probability (0..1), drawn from a generator seeded by `seed`. */
  probability?: number;
  seed?: number;
}

const DESCRIPTIONS: Record<number, string> = {
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
};

interface Active { fault: Fault; left: number; passed: number; random: () => number }

export class FaultInjector {
  private active: Active[] = [];

  add(fault: Fault): void {
    this.active.push({ fault, left: fault.times ?? Infinity, passed: 0, random: mulberry32(fault.seed ?? 1) });
  }

  clear(): void {
    this.active = [];
  }

  /** Decides the fate of one call: how long to wait first, and an error to answer, if any. */
  decide(botId: number, method: string): { delayMs: number; error?: ApiError } {
    let delayMs = 0;
    let error: ApiError | undefined;
    const name = method.toLowerCase();
    for (const a of this.active) {
      const f = a.fault;
      if (f.botId !== undefined && f.botId !== botId) continue;
      const methods = f.method === undefined ? undefined : Array.isArray(f.method) ? f.method : [f.method];
      if (methods && !methods.some((m) => m.toLowerCase() === name)) continue;
      if (a.left <= 0) continue;
      if (a.passed < (f.after ?? 0)) {
        a.passed++;
        continue;
      }
      if (f.probability !== undefined && a.random() >= f.probability) continue;
      a.left--;
      delayMs += f.latencyMs ?? 0;
      if (f.status !== undefined && !error) {
        error = f.status === 429
          ? tooManyRequests(f.retryAfter ?? 1)
          : new ApiError(f.status, f.description ?? DESCRIPTIONS[f.status] ?? 'Internal Server Error');
      }
    }
    this.active = this.active.filter((a) => a.left > 0);
    return { delayMs, error };
  }
}

/** Small seedable PRNG, so probabilistic faults repeat run after run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
