// One pass of the scanner over one chain: the head, the next range of blocks (bounded), its deposits recorded
// as seen with the cursor in one transaction, a reorg found by a parent hash that does not match what was
// stored (rewind to the common ancestor, then read again), and the due deposits credited (credit.ts).
//
// RPC calls per range: eth_blockNumber, one eth_getLogs for every listed token's Transfer topic (the
// recipient is matched here, in memory, not in the filter) and one eth_getBlockByNumber(n, true) per block
// for native transfers. None of it depends on how many addresses are watched.
import { id as keccakId } from 'ethers';
import type { ScanContext, ScanPass } from './scan-context.js';
import { creditDue } from './credit.js';
import { reverseOrphans } from './reverse.js';
import { claimCursor, loadCursor, recordSeen, refreshConfirmations, rewind, saveBlocks, saveCursor, storedBlocks, type Cursor, type FoundDeposit } from './store.js';
import { isTooManyResults, type RawBlock, type RawLog } from '../platform/evm-rpc.js';
import type { ChatId } from '../platform/telegram-ids.js';

export const TRANSFER_TOPIC = keccakId('Transfer(address,address,uint256)');
/** Rewinds in one pass at most: a chain that keeps changing under us ends the pass; the next goes on. */
const MAX_ROUNDS = 4;
const ANCESTOR_CHUNK = 16;

export async function scanPass(ctx: ScanContext): Promise<ScanPass> {
  const { deps, chain, rpc } = ctx;
  const pass: ScanPass = { chainId: chain.id, head: 0, range: null, caughtUp: false, seen: 0, credited: 0, dropped: 0, reorgs: 0, reversed: 0 };
  const label = { chain: String(chain.id) };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const head = await rpc.blockNumber();
    pass.head = head;
    const cursor = await loadCursor(deps.db.manager, chain.id);
    if (cursor && head < cursor.number) {
      pass.dropped += await rewindToAncestor(ctx, cursor, head);
      pass.reorgs++;
      continue;
    }
    const from = cursor ? cursor.number + 1 : Math.min(deps.startBlock?.(chain.id) ?? head, head);
    const to = Math.min(head, from + ctx.rangeSize - 1);
    if (to < from) {
      // Nothing new: the block under the cursor must still be there, or the chain changed without growing.
      const under = cursor ? await rpc.block(cursor.number, false) : null;
      if (cursor && under?.hash !== cursor.hash) {
        pass.dropped += await rewindToAncestor(ctx, cursor, head);
        pass.reorgs++;
        continue;
      }
      pass.caughtUp = true;
      break;
    }
    const read = await readRange(ctx, from, to);
    // The chain moved between our calls (a block missing, or a log of another block at that height): read again.
    if (!read) continue;
    if (cursor && read.blocks[0]!.parentHash !== cursor.hash) {
      pass.dropped += await rewindToAncestor(ctx, cursor, head);
      pass.reorgs++;
      continue;
    }
    const found = match(read.blocks, read.logs, await watchedMap(ctx));
    const last = read.blocks.at(-1)!;
    const keep = Math.max(64, 2 * chain.confirmations + 16);
    const committed = await deps.db.transaction(async (tx) => {
      if (!(await claimCursor(tx, chain.id, cursor))) return false;
      pass.seen = await recordSeen(tx, chain.id, found, deps.clock.now());
      await saveBlocks(tx, chain.id, read.blocks.map((b) => ({ number: Number(b.number), hash: b.hash, parentHash: b.parentHash })), to - keep + 1);
      await saveCursor(tx, chain.id, { number: to, hash: last.hash, head }, deps.clock.now());
      await refreshConfirmations(tx, chain.id, head);
      return true;
    });
    // Another scanner of this chain moved the cursor meanwhile: read again from where it left it.
    if (!committed) continue;
    ctx.metrics.seen.inc(label, pass.seen);
    ctx.metrics.lag.set(label, head - to);
    pass.range = { from, to };
    pass.caughtUp = to >= head;
    await deps.hooks?.afterRecord?.(chain.id);
    break;
  }
  const credit = await creditDue(ctx, pass.head);
  pass.credited = credit.credited;
  pass.dropped += credit.dropped;
  const cursor = await loadCursor(deps.db.manager, chain.id);
  if (cursor) pass.reversed = await reverseOrphans(ctx, cursor.number);
  return pass;
}

async function watchedMap(ctx: ScanContext): Promise<Map<string, ChatId>> {
  const map = new Map<string, ChatId>();
  for (const w of await ctx.deps.watched()) map.set(w.address.toLowerCase(), w.chatId);
  return map;
}

async function readRange(ctx: ScanContext, from: number, to: number): Promise<{ blocks: RawBlock[]; logs: RawLog[] } | null> {
  const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const [blocks, logs] = await Promise.all([
    Promise.all(numbers.map((n) => ctx.rpc.block(n, true))),
    ctx.chain.tokens.length ? readLogs(ctx, from, to) : Promise.resolve([]),
  ]);
  if (blocks.some((b) => !b)) return null;
  const chain = blocks as RawBlock[];
  for (let i = 1; i < chain.length; i++) if (chain[i]!.parentHash !== chain[i - 1]!.hash) return null;
  for (const log of logs) {
    const block = chain[Number(log.blockNumber) - from];
    if (!log.removed && block?.hash !== log.blockHash) return null;
  }
  return { blocks: chain, logs };
}

/** The range's Transfer logs of every listed token in one call; halved when the provider finds it too big. */
async function readLogs(ctx: ScanContext, from: number, to: number): Promise<RawLog[]> {
  try {
    return await ctx.rpc.logs({ fromBlock: from, toBlock: to, address: ctx.chain.tokens.map((t) => t.address), topics: [TRANSFER_TOPIC] });
  } catch (error) {
    if (!isTooManyResults(error) || from === to) throw error;
    const mid = Math.floor((from + to) / 2);
    return [...(await readLogs(ctx, from, mid)), ...(await readLogs(ctx, mid + 1, to))];
  }
}

/** The transfers to watched addresses: ERC-20 Transfer logs (three topics; ERC-721's four are not money) and
 * native transactions with a value. */
export function match(blocks: readonly RawBlock[], logs: readonly RawLog[], watched: ReadonlyMap<string, ChatId>): FoundDeposit[] {
  const found: FoundDeposit[] = [];
  for (const log of logs) {
    if (log.removed || log.topics.length !== 3 || log.topics[0] !== TRANSFER_TOPIC) continue;
    const to = `0x${log.topics[2]!.slice(26)}`.toLowerCase();
    const chatId = watched.get(to);
    if (chatId === undefined || log.data.length < 3) continue;
    const amount = BigInt(log.data.slice(0, 66));
    if (amount <= 0n) continue;
    found.push({
      txHash: log.transactionHash.toLowerCase(), logIndex: Number(log.logIndex), blockNumber: Number(log.blockNumber), blockHash: log.blockHash,
      token: log.address.toLowerCase(), from: `0x${log.topics[1]!.slice(26)}`.toLowerCase(), to, chatId, amount,
    });
  }
  for (const block of blocks) {
    for (const tx of block.transactions) {
      if (typeof tx === 'string' || !tx.to) continue;
      const to = tx.to.toLowerCase();
      const chatId = watched.get(to);
      const amount = BigInt(tx.value);
      if (chatId === undefined || amount <= 0n) continue;
      found.push({ txHash: tx.hash.toLowerCase(), logIndex: -1, blockNumber: Number(block.number), blockHash: block.hash, token: 'native', from: tx.from.toLowerCase(), to, chatId, amount });
    }
  }
  return found;
}

/** Walks the stored hashes down to the first one the chain still has, and rewinds the cursor there. */
async function rewindToAncestor(ctx: ScanContext, cursor: Cursor, head: number): Promise<number> {
  const { deps, chain, rpc } = ctx;
  const stored = await storedBlocks(deps.db.manager, chain.id, Math.min(cursor.number, head));
  let ancestor: { number: number; hash: string } | null = null;
  for (let i = 0; i < stored.length && !ancestor; i += ANCESTOR_CHUNK) {
    const chunk = stored.slice(i, i + ANCESTOR_CHUNK);
    const canonical = await Promise.all(chunk.map((b) => rpc.block(b.number, false)));
    const at = chunk.findIndex((b, j) => canonical[j]?.hash === b.hash);
    if (at >= 0) ancestor = chunk[at]!;
  }
  if (!ancestor) {
    // Deeper than the hashes kept: start again below them, and say so loudly.
    const n = Math.max(0, (stored.at(-1)?.number ?? Math.min(cursor.number, head)) - 1);
    const block = await rpc.block(n, false);
    if (!block) throw new Error(`chain ${chain.id}: no block ${n} to rewind to`);
    ancestor = { number: n, hash: block.hash };
    deps.log.error({ chainId: chain.id, cursor: cursor.number, rewindTo: n }, 'reorg deeper than the block hashes kept; rescanning from below them');
  }
  const found = ancestor;
  const result = await deps.db.transaction(async (tx) => {
    if (!(await claimCursor(tx, chain.id, cursor))) return null;
    const r = await rewind(tx, chain.id, found, head, deps.clock.now());
    for (const d of r.credited) {
      await deps.history.append(tx, {
        actor: { kind: 'system' },
        action: 'deposit.reorged_after_credit',
        subject: { kind: 'deposit', id: `${chain.id}:${d.txHash}:${d.logIndex}` },
        data: { chainId: chain.id, txHash: d.txHash, logIndex: d.logIndex, blockNumber: d.blockNumber, blockHash: d.blockHash, ancestor: found.number, amount: d.amount.toString(), token: d.token, chatId: String(d.chatId), postingId: d.postingId },
      });
    }
    return r;
  });
  // Another scanner rewound or moved on first: the next round reads from its cursor.
  if (!result) return 0;
  const label = { chain: String(chain.id) };
  ctx.metrics.reorgs.inc(label);
  ctx.metrics.dropped.inc(label, result.dropped);
  deps.log.warn({ chainId: chain.id, from: cursor.number, ancestor: found.number, dropped: result.dropped }, 'reorg: rewound to the common ancestor');
  if (result.credited.length) {
    ctx.metrics.reorgedAfterCredit.inc(label, result.credited.length);
    deps.log.error(
      { chainId: chain.id, ancestor: found.number, deposits: result.credited.map((d) => ({ txHash: d.txHash, logIndex: d.logIndex, postingId: d.postingId })) },
      'ALERT: a reorg removed the block of a credited deposit (deeper than the confirmations)',
    );
  }
  return result.dropped;
}
