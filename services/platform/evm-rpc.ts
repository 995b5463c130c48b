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
  transactionHash?: string;
}

/** What a node answers about a transaction it knows (mempool or mined); only the fields the app reads. */
export interface RawTransaction {
  hash: string;
  blockNumber: string | null;
  nonce: string;
}

/** The fees to offer: EIP-1559 where the latest block has a base fee, else a legacy gas price. */
export type FeeData = { type: 2; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { type: 0; gasPrice: bigint };

/** A node's answer to a broadcast: accepted (the hash), or its refusal's message (never retried: a refusal
 * such as "nonce too low" or "already known" is an answer about the transaction, not a failure of the call). */
export type BroadcastResult = { ok: true; hash: string } | { ok: false; message: string };

export interface ChainRpc {
  blockNumber(): Promise<number>;
  /** The block at that height with full transactions (`full`) or their hashes; null above the head. */
  block(n: number, full: boolean): Promise<RawBlock | null>;
  logs(filter: { fromBlock: number; toBlock: number; address: string[]; topics: Array<string | null> }): Promise<RawLog[]>;
  receipt(txHash: string): Promise<RawReceipt | null>;
  /** The transaction as the node knows it (in its mempool or mined), or null. */
  transaction(txHash: string): Promise<RawTransaction | null>;
  /** The account's transaction count at `tag` ('pending' counts the node's mempool too): the next nonce. */
  transactionCount(address: string, tag: 'latest' | 'pending'): Promise<number>;
  /** Broadcasts signed bytes. A node's refusal comes back as `{ ok: false }`, not thrown. */
  sendRawTransaction(raw: string): Promise<BroadcastResult>;
  /** What to offer as fees now (see FeeData). */
  feeData(): Promise<FeeData>;
  /** The chain id the node says it serves (a wrong RPC URL would sign for another chain). */
  chainId(): Promise<number>;
  destroy(): void;
}

/** A query too big for the provider ("more than 10000 results", "range too large"): split it, do not retry. */
export function isTooManyResults(error: unknown): boolean {
  const text = errorText(error);
  return /more than \d+ results|query returned more|range (is )?too (large|wide)|block range|limit exceeded/i.test(text);
}

/** A JSON-RPC error the node answered (ethers keeps it in `info.error`), as opposed to a failed call (HTTP,
 * timeout, reset). Rate limits (-32005, Infura's shape) count as failed calls: they are retried. */
export function nodeRefusal(error: unknown): { code: number | undefined; message: string } | null {
  const e = error as { info?: { error?: { code?: number; message?: string } }; error?: { code?: number; message?: string } };
  const inner = e?.info?.error ?? e?.error;
  if (!inner || typeof inner.message !== 'string') return null;
  if (inner.code === -32005 || /rate limit|too many requests/i.test(inner.message)) return null;
  return { code: inner.code, message: inner.message };
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

  async function call<T>(method: string, params: unknown[], final: (error: unknown) => boolean = isTooManyResults): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await provider.send(method, params)) as T;
      } catch (error) {
        if (final(error) || attempt >= options.retry.attempts) throw error;
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
    transaction: (txHash) => call<RawTransaction | null>('eth_getTransactionByHash', [txHash]),
    transactionCount: async (address, tag) => Number(await call<string>('eth_getTransactionCount', [address, tag])),
    async sendRawTransaction(raw) {
      try {
        return { ok: true, hash: await call<string>('eth_sendRawTransaction', [raw], (error) => nodeRefusal(error) !== null) };
      } catch (error) {
        const refusal = nodeRefusal(error);
        if (!refusal) throw error;
        return { ok: false, message: refusal.message };
      }
    },
    async feeData() {
      const [latest, gasPrice] = await Promise.all([
        call<{ baseFeePerGas?: string } | null>('eth_getBlockByNumber', ['latest', false]),
        call<string>('eth_gasPrice', []).then(BigInt),
      ]);
      if (!latest?.baseFeePerGas) return { type: 0, gasPrice };
      // Twice the base fee survives six full blocks of +12.5% each; the tip is what eth_gasPrice offers over
      // the base fee (at least 1 gwei, what most nodes suggest), so no extra method is needed.
      const baseFee = BigInt(latest.baseFeePerGas);
      const tip = gasPrice > baseFee ? gasPrice - baseFee : 1_000_000_000n;
      return { type: 2, maxFeePerGas: 2n * baseFee + tip, maxPriorityFeePerGas: tip };
    },
    chainId: async () => Number(await call<string>('eth_chainId', [])),
    destroy: () => provider.destroy(),
  };
}
