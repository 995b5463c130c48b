// A local EVM chain for tests: ganache 7 in-process behind a small HTTP front (for fault injection), a test
// ERC-20 compiled from TestToken.sol, and helpers to mint, transfer, mine and make reorgs.
// See README.md for what is emulated and what is not. It imports nothing from the app.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import ganache from 'ganache';
import { Contract, Interface, JsonRpcProvider, Network, Transaction, Wallet, keccak256, toBeHex, toUtf8Bytes, type TransactionRequest } from 'ethers';
import { compileTestToken } from './compile.js';
import { RpcFaults } from './faults.js';

export { RpcFaults, type RpcFault } from './faults.js';
export { compileTestToken, type CompiledContract } from './compile.js';

export interface LocalChainOptions {
  /** EIP-155 chain id (default 1337). */
  chainId?: number;
  /** Seconds between blocks; 0 (the default) mines every transaction at once in its own block. */
  blockTime?: number;
  /** Funded accounts (default 10), each with `balanceEth` (default 1000). */
  accounts?: number;
  balanceEth?: number;
}

export interface TestTokenHandle {
  address: string;
  symbol: string;
  decimals: number;
  /** Connected to the public provider (through the faults). */
  contract: Contract;
}

export interface Mined {
  hash: string;
  blockNumber: number;
  blockHash: string;
}

export interface ChainSnapshot {
  id: string;
  height: number;
  /** Back to this state (ganache forgets this snapshot and every later one). */
  revert(): Promise<void>;
}

export interface ReorgResult {
  /** The height the chain had, and the common ancestor the new branch grows from. */
  oldHead: number;
  ancestor: number;
  newHead: number;
  /** Block hashes above the ancestor that are no longer in the chain, lowest first. */
  droppedBlockHashes: string[];
}

export interface LocalChain {
  chainId: number;
  /** http://127.0.0.1:<port>: the RPC endpoint an app is given (faults apply here). */
  rpcUrl: string;
  /** ethers provider on rpcUrl; cacheTimeout -1 (ethers' 250 ms cache of identical calls hides a reorg). */
  provider: JsonRpcProvider;
  /** Funded signers on `provider`. The helpers below use the same keys but bypass the faults. */
  accounts: Wallet[];
  faults: RpcFaults;
  tokenAbi: Interface;
  deployToken(symbol: string, decimals?: number, name?: string): Promise<TestTokenHandle>;
  mint(token: TokenRef, to: string, amount: bigint): Promise<Mined>;
  transfer(from: Signer, token: TokenRef, to: string, amount: bigint): Promise<Mined>;
  sendNative(from: Signer, to: string, wei: bigint): Promise<Mined>;
  tokenBalance(token: TokenRef, of: string): Promise<bigint>;
  nativeBalance(of: string): Promise<bigint>;
  /** Mines n empty blocks (default 1); the new height. */
  mine(n?: number): Promise<number>;
  blockNumber(): Promise<number>;
  snapshot(): Promise<ChainSnapshot>;
  /** Drops the top `depth` blocks (back to the snapshot taken at height head - depth), runs `then` (send
   * other or the same transactions: `replay`), and mines until the new branch has `newBlocks` blocks
   * (default depth + 1, longer than the old one, as a node needs to switch). */
  reorg(options: { depth: number; newBlocks?: number; then?: (chain: LocalChain) => Promise<void> }): Promise<ReorgResult>;
  /** Broadcasts again a signed transaction the chain has seen (helpers' or eth_sendRawTransaction's). */
  replay(txHash: string): Promise<Mined>;
  close(): Promise<void>;
}

type TokenRef = string | { address: string };
type Signer = Wallet | number;

type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

/** Methods that make a block when mining is instant: after them the chain snapshots the new head. */
const BLOCK_MAKING = new Set(['eth_sendRawTransaction', 'eth_sendTransaction', 'evm_mine']);

export async function startLocalChain(options: LocalChainOptions = {}): Promise<LocalChain> {
  const chainId = options.chainId ?? 1337;
  const count = options.accounts ?? 10;
  // Fixed keys, so runs repeat (addresses in a failing test's output mean the same next time).
  const keys = Array.from({ length: count }, (_, i) => keccak256(toUtf8Bytes(`warhorn testkit chain account ${i}`)));
  const balance = toBeHex(BigInt(options.balanceEth ?? 1000) * 10n ** 18n);
  const ganacheServer = ganache.server({
    chain: { chainId, hardfork: 'shanghai' },
    logging: { quiet: true },
    miner: { blockTime: options.blockTime ?? 0 },
    wallet: { accounts: keys.map((secretKey) => ({ secretKey, balance })) },
  });
  await ganacheServer.listen(0, '127.0.0.1');
  const inner = ganacheServer.provider as unknown as { request(args: { method: string; params: unknown[] }): Promise<unknown> };
  const rpc: Rpc = (method, params = []) => inner.request({ method, params });
  const internalUrl = `http://127.0.0.1:${(ganacheServer.address() as AddressInfo).port}`;
  const network = Network.from(chainId);
  // The helpers' provider: straight to ganache, past the faults.
  const direct = new JsonRpcProvider(internalUrl, network, { staticNetwork: network, cacheTimeout: -1, pollingInterval: 20 });
  const faults = new RpcFaults();
  const raws = new Map<string, string>();
  // Snapshots at heights, lowest first: reorgs revert to the one `depth` below the head.
  const heads: Array<{ height: number; id: string }> = [];
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const blockNumber = async () => Number(await rpc('eth_blockNumber'));
  const snapshotId = async () => String(await rpc('evm_snapshot'));
  /** A snapshot of the head, unless its height has one. */
  const recordHead = async () => {
    const height = await blockNumber();
    const last = heads.at(-1);
    if (last && last.height >= height) return;
    heads.push({ height, id: await snapshotId() });
  };
  /** Ganache forgets the reverted-to snapshot and every later one. */
  const forgetFrom = (id: string) => {
    const n = BigInt(id);
    for (let i = heads.length - 1; i >= 0; i--) if (BigInt(heads[i]!.id) >= n) heads.splice(i, 1);
  };
  await recordHead();

  const hanging = new Set<ServerResponse>();
  const front = createServer((req, res) => void handle(req, res).catch(() => { if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); }));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('JSON-RPC over POST only');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let calls: Array<{ id?: unknown; method?: unknown; params?: unknown }> = [];
    let batch = false;
    try {
      const json = JSON.parse(body) as unknown;
      batch = Array.isArray(json);
      calls = (batch ? json : [json]) as typeof calls;
    } catch {
      // Ganache answers a parse error itself.
    }
    const methods = calls.map((c) => c?.method).filter((m): m is string => typeof m === 'string');
    const fault = faults.take(methods);
    if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault?.hang) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault && (fault.status !== undefined || fault.retryAfterS !== undefined)) {
      const status = fault.status ?? 429;
      if (status === 429) {
        // Infura's shape; Alchemy uses code 429 in the same place.
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS);
        const error = { code: -32005, message: 'Too Many Requests: request rate limited' };
        const answers = calls.map((c) => ({ jsonrpc: '2.0', id: c?.id ?? null, error }));
        res.writeHead(429, headers).end(JSON.stringify(batch ? answers : (answers[0] ?? { jsonrpc: '2.0', id: null, error })));
      } else {
        // A load balancer's page, not JSON-RPC, as gateways in front of nodes answer.
        res.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body><h1>${status}</h1>upstream unavailable</body></html>`);
      }
      return;
    }
    if (fault?.rpcError) {
      const answers = calls.map((c) => ({ jsonrpc: '2.0', id: c?.id ?? null, error: fault.rpcError }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(batch ? answers : answers[0]));
      return;
    }
    const forward = async () => {
      for (const c of calls) {
        if (c?.method === 'eth_sendRawTransaction' && Array.isArray(c.params) && typeof c.params[0] === 'string') remember(c.params[0]);
      }
      // Ganache 7.9.2 checks no nonce of 0: a sender's first transaction sent again after it was mined runs
      // AGAIN (same hash, a second block, the nonce counted twice), where a node answers "nonce too low". A
      // client re-broadcasting after a crash would pay twice on this chain only, so the front refuses it as a
      // node does (single requests; inside `serial`, so no other send runs between the check and the send).
      const stale = !batch && calls[0]?.method === 'eth_sendRawTransaction' ? await staleFirstNonce(calls[0].params) : null;
      if (stale) return { status: 200, text: JSON.stringify({ jsonrpc: '2.0', id: calls[0]?.id ?? null, error: { code: -32000, message: stale } }) };
      const answer = await fetch(internalUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await answer.text();
      if (methods.some((m) => BLOCK_MAKING.has(m))) await recordHead();
      return { status: answer.status, text };
    };
    const { status, text } = methods.some((m) => BLOCK_MAKING.has(m)) ? await serial(forward) : await forward();
    res.writeHead(status, { 'content-type': 'application/json' }).end(text);
  }
  front.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => front.once('listening', resolve).once('error', reject));
  const rpcUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const provider = new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, cacheTimeout: -1 });
  const accounts = keys.map((k) => new Wallet(k, provider));
  const signers = keys.map((k) => new Wallet(k, direct));
  const { abi, bytecode } = compileTestToken();
  const tokenAbi = new Interface(abi as never);

  /** "nonce too low" for a nonce-0 transaction whose sender has sent one already (see forward), else null. */
  async function staleFirstNonce(params: unknown): Promise<string | null> {
    const raw = Array.isArray(params) && typeof params[0] === 'string' ? params[0] : null;
    if (!raw) return null;
    let tx: Transaction;
    try {
      tx = Transaction.from(raw);
    } catch {
      return null;
    }
    if (tx.nonce !== 0 || !tx.from) return null;
    const count = Number(await rpc('eth_getTransactionCount', [tx.from, 'pending']));
    return count > 0 ? `nonce too low: next nonce ${count}, tx nonce 0` : null;
  }

  function remember(raw: string): string {
    const hash = Transaction.from(raw).hash!;
    raws.set(hash, raw);
    return hash;
  }
  const signerOf = (s: Signer): Wallet => {
    const key = typeof s === 'number' ? keys[s] : s.privateKey;
    if (!key) throw new Error(`no account ${String(s)}`);
    return signers[keys.indexOf(key)] ?? new Wallet(key, direct);
  };
  const addressOf = (t: TokenRef) => (typeof t === 'string' ? t : t.address);

  async function broadcast(raw: string): Promise<Mined> {
    const hash = remember(raw);
    await direct.broadcastTransaction(raw);
    const receipt = await direct.waitForTransaction(hash, 1, 60_000);
    if (!receipt) throw new Error(`transaction ${hash} was not mined`);
    await recordHead();
    if (receipt.status !== 1) throw new Error(`transaction ${hash} reverted`);
    return { hash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
  }
  const send = (from: Signer, tx: TransactionRequest) =>
    serial(async () => {
      const wallet = signerOf(from);
      return broadcast(await wallet.signTransaction(await wallet.populateTransaction(tx)));
    });
  const mineOne = async () => {
    await rpc('evm_mine');
    await recordHead();
  };

  const chain: LocalChain = {
    chainId,
    rpcUrl,
    provider,
    accounts,
    faults,
    tokenAbi,
    async deployToken(symbol, decimals = 6, name = `Test ${symbol}`) {
      const data = bytecode + tokenAbi.encodeDeploy([name, symbol, decimals]).slice(2);
      const mined = await send(0, { data });
      const receipt = await direct.getTransactionReceipt(mined.hash);
      const address = receipt!.contractAddress!;
      return { address, symbol, decimals, contract: new Contract(address, tokenAbi, provider) };
    },
    mint: (token, to, amount) => send(0, { to: addressOf(token), data: tokenAbi.encodeFunctionData('mint', [to, amount]) }),
    transfer: (from, token, to, amount) => send(from, { to: addressOf(token), data: tokenAbi.encodeFunctionData('transfer', [to, amount]) }),
    sendNative: (from, to, wei) => send(from, { to, value: wei }),
    async tokenBalance(token, of) {
      const out = await direct.call({ to: addressOf(token), data: tokenAbi.encodeFunctionData('balanceOf', [of]) });
      return BigInt(out);
    },
    nativeBalance: (of) => direct.getBalance(of),
    mine: (n = 1) =>
      serial(async () => {
        for (let i = 0; i < n; i++) await mineOne();
        return blockNumber();
      }),
    blockNumber,
    snapshot: () =>
      serial(async () => {
        const height = await blockNumber();
        const id = await snapshotId();
        return {
          id,
          height,
          revert: () =>
            serial(async () => {
              if (!(await rpc('evm_revert', [id]))) throw new Error(`snapshot ${id} is gone (reverted to, or before an earlier one)`);
              forgetFrom(id);
              await recordHead();
            }),
        };
      }),
    async reorg({ depth, newBlocks = depth + 1, then }) {
      const { oldHead, ancestor, droppedBlockHashes, oldFirst } = await serial(async () => {
        const oldHead = await blockNumber();
        if (!Number.isInteger(depth) || depth < 1 || depth > oldHead) throw new Error(`reorg depth must be 1..${oldHead} (the height)`);
        const target = oldHead - depth;
        const snap = heads.filter((h) => h.height <= target).at(-1);
        if (!snap || snap.height !== target) {
          // Only with blockTime > 0 or blocks made by `evm_mine {blocks}` through rpcUrl (README).
          throw new Error(`no snapshot at height ${target}: reorgs need blocks mined one at a time (blockTime 0)`);
        }
        const dropped: string[] = [];
        for (let h = target + 1; h <= oldHead; h++) dropped.push((await direct.getBlock(h))!.hash!);
        const oldFirst = (await direct.getBlock(target + 1))!;
        if (!(await rpc('evm_revert', [snap.id]))) throw new Error(`snapshot at height ${target} is gone`);
        forgetFrom(snap.id);
        await recordHead();
        // The same transactions in the same second would make the same block again: a reorg moves time on.
        await rpc('evm_increaseTime', [1]);
        return { oldHead, ancestor: target, droppedBlockHashes: dropped, oldFirst };
      });
      if (then) await then(chain);
      const newHead = await serial(async () => {
        while ((await blockNumber()) < ancestor + newBlocks) await mineOne();
        return blockNumber();
      });
      const first = await direct.getBlock(ancestor + 1);
      if (first && first.hash === oldFirst.hash) throw new Error(`reorg made block ${ancestor + 1} again with the same hash`);
      return { oldHead, ancestor, newHead, droppedBlockHashes };
    },
    replay(txHash) {
      const raw = raws.get(txHash);
      if (!raw) return Promise.reject(new Error(`no signed transaction ${txHash} seen`));
      return serial(() => broadcast(raw));
    },
    async close() {
      provider.destroy();
      direct.destroy();
      for (const res of hanging) res.destroy();
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await ganacheServer.close();
    },
  };
  return chain;
}
