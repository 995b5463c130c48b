// Start-up checks that Postgres and Redis answer, with a bounded wait (a compose stack starts them beside
// us, a second apart). Without them an unreachable Redis hung start-up for ever, ioredis printing a line per
// reconnect attempt, and an unreachable Postgres ended in a bare stack trace: neither said which variable to
// look at. The message names the variable and the address, never the URL (it may carry a password).
import pg from 'pg';
import { Redis } from 'ioredis';
import { sleep } from './clock.js';

/** A dependency did not answer in time, or refused us for good (wrong password). Exit code 78 (EX_CONFIG). */
export class UnreachableError extends Error {
  constructor(
    readonly variable: 'DATABASE_URL' | 'REDIS_URL',
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'UnreachableError';
  }
}

const addressOf = (url: string, defaultPort: number) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || defaultPort}`;
};

const reasonOf = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return e.code && !String(e.message).includes(e.code) ? `${e.code} ${e.message ?? ''}`.trim() : String(e.message ?? error);
};

/** Tries `attempt` until it succeeds, it says the failure is final, or `waitMs` is spent. */
async function until(waitMs: number, attempt: (budgetMs: number) => Promise<'ok' | { final: boolean; reason: string }>): Promise<string | null> {
  const deadline = Date.now() + waitMs;
  for (let pause = 200; ; pause = Math.min(pause * 2, 2000)) {
    const outcome = await attempt(Math.max(500, Math.min(5000, deadline - Date.now())));
    if (outcome === 'ok') return null;
    if (outcome.final || Date.now() + pause > deadline) return outcome.reason;
    await sleep(pause);
  }
}

// Postgres answered, but will not let us in: waiting does not help.
const FINAL_SQLSTATES = new Set(['28P01', '28000']);

export async function waitForPostgres(url: string, waitMs: number): Promise<void> {
  const failure = await until(waitMs, async (budgetMs) => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: budgetMs });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return 'ok';
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      // The database itself may not exist yet: the server answers, and migrations create it.
      if (code === '3D000') return 'ok';
      return { final: FINAL_SQLSTATES.has(code), reason: reasonOf(error) };
    } finally {
      await client.end().catch(() => undefined);
    }
  });
  if (failure) throw new UnreachableError('DATABASE_URL', `cannot reach Postgres at ${addressOf(url, 5432)} within ${waitMs / 1000} s (${failure})`);
}

export async function waitForRedis(url: string, waitMs: number): Promise<void> {
  const failure = await until(waitMs, async (budgetMs) => {
    // One connection per try, never retrying by itself, so nothing is printed and nothing keeps trying.
    const redis = new Redis(url, { lazyConnect: true, connectTimeout: budgetMs, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      return 'ok';
    } catch (error) {
      const reason = reasonOf(error);
      return { final: /NOAUTH|WRONGPASS|ERR AUTH/i.test(reason), reason };
    } finally {
      redis.disconnect();
    }
  });
  if (failure) throw new UnreachableError('REDIS_URL', `cannot reach Redis at ${addressOf(url, 6379)} within ${waitMs / 1000} s (${failure})`);
}

/** Both at once, so the wait is bounded by the slower one. */
export async function waitForDependencies(config: { DATABASE_URL: string; REDIS_URL: string; STARTUP_WAIT_MS: number }): Promise<void> {
  const [postgres, redis] = await Promise.allSettled([waitForPostgres(config.DATABASE_URL, config.STARTUP_WAIT_MS), waitForRedis(config.REDIS_URL, config.STARTUP_WAIT_MS)]);
  if (postgres.status === 'rejected') throw postgres.reason;
  if (redis.status === 'rejected') throw redis.reason;
}
