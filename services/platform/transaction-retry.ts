// Postgres aborts a transaction that lost a race it could win on a second try: a serialization failure
// (40001, under REPEATABLE READ or SERIALIZABLE, or a concurrent update at commit), a deadlock victim (40P01),
// or a lock it could not get within lock_timeout (55P03). The work was rolled back whole, so running the
// whole transaction again is safe and is what the Postgres manual asks of applications. Anything else
// (a bug, a constraint, a lost connection whose commit outcome is unknown) is not retried here.

import { sleep } from './clock.js';

const CONFLICTS: Record<string, ConflictReason> = {
  '40001': 'serialization_failure',
  '40P01': 'deadlock',
  '55P03': 'lock_not_available',
};

export type ConflictReason = 'serialization_failure' | 'deadlock' | 'lock_not_available';

const MAX_DEPTH = 6;

/** The conflict a failed transaction hit, looking through the wrappers TypeORM and pg put around it
 * (QueryFailedError.driverError, `cause`), or null when the failure is not a retryable conflict. */
export function conflictOf(error: unknown): ConflictReason | null {
  let value: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && value !== null && typeof value === 'object'; depth++) {
    const { code, driverError, cause } = value as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && code in CONFLICTS) return CONFLICTS[code]!;
    value = driverError ?? cause;
  }
  return null;
}

export interface TransactionRetryPolicy {
  /** Runs in all, the first included; the last conflict is thrown when they are used up. */
  attempts: number;
  /** The backoff before retry n is a random wait in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))] ("full
   * jitter"): two transactions that deadlocked must not collide again in lockstep. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_TRANSACTION_RETRY: TransactionRetryPolicy = { attempts: 6, baseDelayMs: 10, maxDelayMs: 500 };

/** Runs `work` until it succeeds, fails with something other than a conflict, or runs out of attempts. */
export async function retryOnConflict<T>(
  work: () => Promise<T>,
  policy: TransactionRetryPolicy,
  onRetry: (reason: ConflictReason, attempt: number) => void = () => undefined,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const reason = conflictOf(error);
      if (reason === null || attempt >= policy.attempts) throw error;
      onRetry(reason, attempt);
      await sleep(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
