import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { startLocalChain, type LocalChain } from '../../testkit/chain/index.js';
import { createChainRpc, type ChainRpc } from './evm-rpc.js';
import { silentLogger } from './logger.js';

// What the withdrawal worker asks of a chain, against the local chain and its provider-like faults: a node's
// refusal of a broadcast is an answer (not retried), a failed call is retried.
let chain: LocalChain;
let rpc: ChainRpc;
beforeAll(async () => {
  chain = await startLocalChain({ chainId: 47_001 });
  rpc = createChainRpc({ url: chain.rpcUrl, chainId: 47_001, timeoutMs: 2000, retry: { attempts: 4, baseMs: 10, maxMs: 50 }, log: silentLogger() });
});
afterAll(async () => {
  rpc?.destroy();
  await chain?.close();
});

describe('the chain RPC for sending', () => {
  it('broadcasts signed bytes, finds the transaction and its receipt by hash, and counts nonces', async () => {
    const sender = chain.accounts[3]!;
    expect(await rpc.chainId()).toBe(47_001);
    const nonce = await rpc.transactionCount(sender.address, 'pending');
    const fees = await rpc.feeData();
    expect(fees.type).toBe(2);
    const raw = await sender.signTransaction({ type: 2, chainId: 47_001, nonce, to: Wallet.createRandom().address, value: 1000n, gasLimit: 21_000n, ...(fees.type === 2 ? { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas } : {}) });
    const sent = await rpc.sendRawTransaction(raw);
    if (!sent.ok) throw new Error(sent.message);
    expect((await rpc.receipt(sent.hash))?.status).toBe('0x1');
    expect((await rpc.transaction(sent.hash))?.nonce).toBe(`0x${nonce.toString(16)}`);
    expect(await rpc.transactionCount(sender.address, 'latest')).toBe(nonce + 1);
    // The same bytes again, as after a crash: the node refuses them (the nonce is used), an answer, at once.
    const again = await rpc.sendRawTransaction(raw);
    expect(again).toEqual({ ok: false, message: expect.stringMatching(/nonce too low/) });
    expect(await rpc.transactionCount(sender.address, 'latest')).toBe(nonce + 1);
  });

  it("answers a node's refusal without retrying it, and retries a failing call", async () => {
    chain.faults.add({ method: 'eth_sendRawTransaction', rpcError: { code: -32000, message: 'insufficient funds for gas * price + value' }, times: 5 });
    expect(await rpc.sendRawTransaction('0x02')).toEqual({ ok: false, message: 'insufficient funds for gas * price + value' });
    expect(chain.faults.hits.filter((h) => h.methods.includes('eth_sendRawTransaction'))).toHaveLength(1);
    chain.faults.clear();
    chain.faults.add({ method: 'eth_getTransactionCount', status: 503, times: 2 });
    expect(await rpc.transactionCount(chain.accounts[3]!.address, 'latest')).toBeGreaterThan(0);
    expect(chain.faults.hits.filter((h) => h.methods.includes('eth_getTransactionCount'))).toHaveLength(2);
  });
});
