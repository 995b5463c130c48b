// The chain as the deposit scanner and the withdrawal worker read it: raw JSON-RPC through ethers' JsonRpcProvider (cacheTimeout -1: a cached
// answer hid a reorg, facts.md), with a timeout per request and retries with capped exponential backoff on
// what providers answer when busy or broken (429, 5xx pages, JSON-RPC errors, timeouts, resets). ethers' own
// 429 retry is switched off so every failure takes the one path, counted in a metric.
import { FetchRequest, JsonRpcProvider, Network } from 'ethers';
import { sleep } from './clock.js';
import type { Logger } from './logger.js';

export interface RetryOptions {
  /** Tries per call, the first included (default 8). */
  attempts: number;
  /** First wait; doubled each time up to `maxMs` (defaults 250 ms and 10 s). */
  baseMs: number;
  maxMs: number;
}

const RETRY_AFTER_CAP_MS = 60_000;

export const DEFAULT_RETRY: RetryOptions = { attempts: 8, baseMs: 250, maxMs: 10_000 };

export interface RawBlock {
  number: string;
  hash: string;
  parentHash: string;
  transactions: Array<{ hash: string; from: string; to: string | null; value: string }> | string[];
}

export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

export interface RawReceipt {
  blockHash: string;
  blockNumber: string;
  status?: string;
}

export interface ChainRpc {
  blockNumber(): Promise<number>;
  /** The block at that height with full transactions (`full`) or their hashes; null above the head. */
  block(n: number, full: boolean): Promise<RawBlock | null>;
  logs(filter: { fromBlock: number; toBlock: number; address: string[]; topics: Array<string | null> }): Promise<RawLog[]>;
  receipt(txHash: string): Promise<RawReceipt | null>;
  destroy(): void;
}

/** A query too big for the provider ("more than 10000 results", "range too large"): split it, do not retry. */
export function isTooManyResults(error: unknown): boolean {
  const text = errorText(error);
  return /more than \d+ results|query returned more|range (is )?too (large|wide)|block range|limit exceeded/i.test(text);
}

function errorText(error: unknown): string {
  const e = error as { message?: string; error?: { message?: string }; info?: { error?: { message?: string } } };
  return [e?.message, e?.error?.message, e?.info?.error?.message].filter(Boolean).join(' ');
}

export function createChainRpc(options: {
  url: string;
  chainId: number;
  timeoutMs: number;
  retry: RetryOptions;
  log: Logger;
  onRetry?: (method: string) => void;
}): ChainRpc {
  const request = new FetchRequest(options.url);
  request.timeout = options.timeoutMs;
  request.retryFunc = async () => false;
  // A throttled answer may say when to come back (Retry-After, seconds): the next retry waits at least that
  // long (capped), shared by the calls in flight, since a provider throttles the key, not one call.
  let retryAfterMs = 0;
  request.processFunc = async (_req, response) => {
    const after = response.statusCode === 429 ? Number(response.headers['retry-after']) : Number.NaN;
    if (Number.isFinite(after) && after > 0) retryAfterMs = Math.min(after * 1000, RETRY_AFTER_CAP_MS);
    return response;
  };
  const network = Network.from(options.chainId);
  const provider = new JsonRpcProvider(request, network, { staticNetwork: network, cacheTimeout: -1 });

  async function call<T>(method: string, params: unknown[]): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await provider.send(method, params)) as T;
      } catch (error) {
        if (isTooManyResults(error) || attempt >= options.retry.attempts) throw error;
        const wait = Math.min(options.retry.maxMs, options.retry.baseMs * 2 ** (attempt - 1));
        // Jitter keeps several scanners behind one throttled key from retrying in step.
        const jittered = Math.max(Math.round(wait / 2 + Math.random() * (wait / 2)), retryAfterMs);
        retryAfterMs = 0;
        options.onRetry?.(method);
        // The URL often carries an API key: only the method and the error's code go to the log.
        options.log.warn({ method, attempt, waitMs: jittered, code: (error as { code?: string }).code }, 'chain rpc failed; retrying');
        await sleep(jittered);
      }
    }
  }

  const hex = (n: number) => `0x${n.toString(16)}`;
  return {
    blockNumber: async () => Number(await call<string>('eth_blockNumber', [])),
    block: (n, full) => call<RawBlock | null>('eth_getBlockByNumber', [hex(n), full]),
    logs: (f) => call<RawLog[]>('eth_getLogs', [{ fromBlock: hex(f.fromBlock), toBlock: hex(f.toBlock), address: f.address, topics: f.topics }]),
    receipt: (txHash) => call<RawReceipt | null>('eth_getTransactionReceipt', [txHash]),
    destroy: () => provider.destroy(),
  };
}
