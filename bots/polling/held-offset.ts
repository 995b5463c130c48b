import { GrammyError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { UpdateSupplier } from '@grammyjs/runner';
import type { Logger } from '../../services/platform/logger.js';

// getUpdates confirms every update below the `offset` it is given, and Telegram then forgets them. The
// runner's own fetcher moves the offset past each batch as soon as it is fetched, so an update whose handler
// is still retrying (Postgres is down) would be gone if the process stopped. This supplier asks only from
// the oldest update not yet finished: Telegram keeps that one and everything after it (for 24 h) until it is
// done, which is the guarantee a webhook's non-2xx answer gives. Updates already fetched and still in
// flight come back in later batches and are skipped here, so each is handed out once per process; the
// Redis dedupe mark covers a restart.
//
// The price: getUpdates returns at most 100 updates from the offset, so while the oldest update retries,
// other chats go on only within those 100. During a real outage they are all waiting for the same database.

export interface HeldOffsetSupplier extends UpdateSupplier<Update> {
  /** The update is finished (handled, or given up on as a bug): it no longer holds the offset back. */
  finish(updateId: number): void;
  /** Updates handed out and not finished. */
  readonly unfinished: number;
  /** The offset that confirms everything finished so far. */
  offset(): number;
}

export interface HeldOffsetOptions {
  allowedUpdates: readonly string[];
  /** Long polling timeout, seconds (Telegram's getUpdates `timeout`). */
  timeoutSeconds?: number;
  log: Logger;
  /** How long to wait before fetching again when getUpdates itself fails (network, 5xx). */
  fetchRetry?: { baseMs: number; maxMs: number };
}

const abortable = (ms: number, signal: AbortSignal, wake?: Promise<void>) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
    void wake?.then(done);
  });

export function createHeldOffsetSupplier(api: Api, options: HeldOffsetOptions): HeldOffsetSupplier {
  const unfinished = new Set<number>();
  // The first update id this process has not seen yet (0: none seen, Telegram starts at its oldest).
  let next = 0;
  // Settles when an update finishes (Promise.withResolvers would be shorter, but needs Node 22).
  let progressed = () => {};
  let progress = new Promise<void>((resolve) => (progressed = resolve));
  const { baseMs, maxMs } = options.fetchRetry ?? { baseMs: 250, maxMs: 30_000 };

  const offset = () => {
    let lowest = next;
    for (const id of unfinished) if (id < lowest) lowest = id;
    return lowest;
  };

  async function fetchOnce(limit: number, signal: AbortSignal): Promise<Update[]> {
    for (let failures = 0; ; failures++) {
      try {
        return await api.getUpdates(
          // allowed_updates is a list of update kinds; grammY types it as a union it cannot check here.
          { offset: offset(), limit, timeout: options.timeoutSeconds ?? 30, allowed_updates: [...options.allowedUpdates] as never },
          // grammY types the signal as its own AbortSignal shim; Node's is what it gets and what it uses.
          signal as unknown as Parameters<Api['getUpdates']>[1],
        );
      } catch (error) {
        if (signal.aborted) throw error;
        // 401: the token is revoked; 409: a webhook is set or another process polls. Neither heals by waiting.
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409)) throw error;
        const retryAfter = error instanceof GrammyError ? error.parameters?.retry_after : undefined;
        const wait = retryAfter !== undefined ? retryAfter * 1000 : Math.min(maxMs, baseMs * 2 ** failures);
        options.log.warn({ err: error, waitMs: wait }, 'getUpdates failed; trying again');
        await abortable(wait, signal);
        if (signal.aborted) throw error;
      }
    }
  }

  return {
    async supply(batchSize, runnerSignal) {
      // The runner hands its AbortSignal shim's type; at run time it is Node's own.
      const signal = runnerSignal as unknown as AbortSignal;
      for (;;) {
        const batch = await fetchOnce(Math.max(1, Math.min(batchSize, 100)), signal);
        const fresh = batch.filter((u) => u.update_id >= next);
        const last = batch.at(-1);
        if (last && last.update_id >= next) next = last.update_id + 1;
        for (const u of fresh) unfinished.add(u.update_id);
        if (fresh.length > 0 || batch.length === 0) return fresh;
        // Everything Telegram returned is already in flight: wait for one to finish (or a second) instead of
        // asking again at once, which would return the same batch in a tight loop.
        await abortable(1000, signal, progress);
        if (signal.aborted) return [];
      }
    },
    finish(updateId) {
      unfinished.delete(updateId);
      progressed();
      progress = new Promise<void>((resolve) => (progressed = resolve));
    },
    get unfinished() {
      return unfinished.size;
    },
    offset,
  };
}
