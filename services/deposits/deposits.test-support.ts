// What the deposit tests and the bench share: a scanner over a real database and a testkit chain, with an
// HTTP front of our own between them that counts the requests and JSON-RPC calls the scanner makes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { getAddress, keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { createHistory } from '../history/index.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import type { Clock } from '../platform/clock.js';
import type { ChainConfig } from '../platform/chains.js';
import { chatId, type ChatId } from '../platform/telegram-ids.js';
import { enqueue } from '../notifications/enqueue.js';
import { ledgerOver } from '../ledger/ledger.test-support.js';
import type { Ledger } from '../ledger/index.js';
import { createDeposits, type Deposits, type DepositsDeps } from './index.js';
import { recordSeen, refreshConfirmations, rowOf, type DepositRow } from './store.js';

/** Counts what passes: HTTP requests (a batch is one) and the JSON-RPC calls in them, by method. */
export interface RpcCounter {
  url: string;
  requests: number;
  calls: Map<string, number>;
  reset(): void;
  totalCalls(): number;
  close(): Promise<void>;
}

export async function countingFront(target: string): Promise<RpcCounter> {
  const counter = {
    requests: 0,
    calls: new Map<string, number>(),
    reset() {
      counter.requests = 0;
      counter.calls.clear();
    },
    totalCalls: () => [...counter.calls.values()].reduce((a, b) => a + b, 0),
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    counter.requests++;
    try {
      const json = JSON.parse(body) as unknown;
      for (const c of (Array.isArray(json) ? json : [json]) as Array<{ method?: string }>) {
        const m = String(c?.method);
        counter.calls.set(m, (counter.calls.get(m) ?? 0) + 1);
      }
    } catch {
      // counted as a request; the chain answers the parse error
    }
    try {
      const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await answer.text();
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', ...(answer.headers.get('retry-after') ? { 'retry-after': answer.headers.get('retry-after')! } : {}) }).end(text);
    } catch {
      res.destroy();
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return Object.assign(counter, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}

/** `n` addresses no one deposits to, for a large watched set (deterministic). */
export function strangers(n: number, seed = 'warhorn deposits strangers'): string[] {
  return Array.from({ length: n }, (_, i) => getAddress(`0x${keccak256(toUtf8Bytes(`${seed} ${i}`)).slice(26)}`));
}

export const randomAddress = () => Wallet.createRandom().address;

export interface ScannerHarness {
  deposits: Deposits;
  ledger: Ledger;
  /** The watched set: edit it between passes. */
  watched: Array<{ address: string; chatId: ChatId }>;
  /** Outbox ids the scanner queued. */
  notices: string[];
  hooks: NonNullable<DepositsDeps['hooks']>;
}

export function scannerOver(db: DataSource, clock: Clock, options: Partial<Pick<DepositsDeps, 'rangeSize' | 'rpcTimeoutMs' | 'retry' | 'startBlock' | 'log'>> = {}): ScannerHarness {
  const base = { db, clock, log: options.log ?? silentLogger(), metrics: createMetrics({ defaults: false }) };
  const ledger = ledgerOver(db, clock);
  const watched: ScannerHarness['watched'] = [];
  const notices: string[] = [];
  const hooks: ScannerHarness['hooks'] = {};
  const deposits = createDeposits({
    ...base,
    watched: async () => watched,
    ledger,
    notifications: {
      enqueue: async (tx, message) => {
        const id = await enqueue(tx, clock, message);
        notices.push(id);
        return id;
      },
    },
    groups: { get: async () => ({ botId: 7 }) },
    messages: () => ({ credited: (n) => ({ text: `credited ${n.amount} ${n.symbol} ${n.txHash} ${n.confirmations}` }) }),
    history: createHistory(base),
    rpcTimeoutMs: options.rpcTimeoutMs ?? 2000,
    retry: options.retry ?? { attempts: 8, baseMs: 20, maxMs: 200 },
    ...(options.rangeSize ? { rangeSize: options.rangeSize } : {}),
    startBlock: options.startBlock ?? (() => 0),
    hooks,
  });
  return { deposits, ledger, watched, notices, hooks };
}

export function chainConfig(id: number, rpcUrl: string, confirmations: number, tokens: Array<{ address: string; symbol: string; decimals: number }>): ChainConfig {
  return { id, name: 'Local', rpcUrl, confirmations, native: { symbol: 'ETH', decimals: 18 }, tokens };
}

export const GROUP = chatId(-1001234567890);
export const OTHER_GROUP = chatId(-1009876543210);

/**
 * A deposit as the scanner leaves it, without a chain (for the money views' tests): seen at `blockNumber` with
 * the confirmations `head` gives it, and, when `credit` is given, credited to the group's balance through the
 * ledger under the scanner's own key, as credit.ts does. Answers the row.
 */
export async function recordedDeposit(
  db: DataSource,
  clock: Clock,
  input: { chainId: number; chatId: ChatId; token: string; amount: bigint; txHash: string; blockNumber: number; head: number; logIndex?: number; from?: string; to?: string },
  credit?: Pick<Ledger, 'post'>,
): Promise<DepositRow> {
  const logIndex = input.logIndex ?? (input.token === 'native' ? -1 : 0);
  const found = {
    txHash: input.txHash, logIndex, blockNumber: input.blockNumber, blockHash: keccak256(toUtf8Bytes(`block ${input.chainId} ${input.blockNumber}`)),
    token: input.token, from: (input.from ?? randomAddress()).toLowerCase(), to: (input.to ?? randomAddress()).toLowerCase(), chatId: input.chatId, amount: input.amount,
  };
  await db.transaction(async (tx) => {
    await recordSeen(tx, input.chainId, [found], clock.now());
    await refreshConfirmations(tx, input.chainId, input.head);
    if (!credit) return;
    const asset = { chainId: input.chainId, token: input.token };
    const posting = await credit.post(tx, {
      idempotencyKey: `deposit:${input.chainId}:${input.txHash}:${logIndex}`,
      kind: 'deposit',
      lines: [
        { account: { kind: 'chain', owner: 'world' }, asset, amount: -input.amount },
        { account: { kind: 'group_balance', owner: String(input.chatId) }, asset, amount: input.amount },
      ],
      reference: { chainId: input.chainId, txHash: input.txHash, logIndex, to: found.to },
      memo: 'deposit',
    });
    await tx.query(
      `UPDATE deposits.deposits SET status = 'credited', credited_at = $4, posting_id = $5 WHERE chain_id = $1 AND tx_hash = $2 AND log_index = $3`,
      [input.chainId, input.txHash, logIndex, clock.now(), posting.id],
    );
  });
  const rows: Array<Record<string, unknown>> = await db.query(`SELECT * FROM deposits.deposits WHERE chain_id = $1 AND tx_hash = $2 AND log_index = $3`, [input.chainId, input.txHash, logIndex]);
  return rowOf(rows[0]!);
}
