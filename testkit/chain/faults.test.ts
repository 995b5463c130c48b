import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchRequest, JsonRpcProvider, Network } from 'ethers';
import { startLocalChain, type LocalChain } from './index.js';

let chain: LocalChain;
beforeAll(async () => {
  chain = await startLocalChain();
}, 60_000);
afterAll(async () => {
  await chain?.close();
});

const call = (body: unknown, signal?: AbortSignal) =>
  fetch(chain.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
const blockNumber = { jsonrpc: '2.0', id: 7, method: 'eth_blockNumber', params: [] };

describe('RPC faults', () => {
  it('answers 5xx for the next N requests, then normally again', async () => {
    chain.faults.add({ status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await call(blockNumber);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
    const ok = await call(blockNumber);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: 7, result: expect.stringMatching(/^0x/) });
    expect(chain.faults.pending).toBe(0);
  });

  it('answers 429 with Retry-After and a JSON-RPC body per call', async () => {
    chain.faults.add({ retryAfterS: 2 });
    const res = await call([blockNumber, { ...blockNumber, id: 8 }]);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32005, message: expect.stringMatching(/rate limited/) } },
      { jsonrpc: '2.0', id: 8, error: { code: -32005, message: expect.stringMatching(/rate limited/) } },
    ]);
  });

  it('answers a JSON-RPC error only to the method it is for', async () => {
    chain.faults.add({ method: 'eth_getLogs', rpcError: { code: -32005, message: 'query returned more than 10000 results' } });
    expect(await (await call(blockNumber)).json()).toMatchObject({ result: expect.any(String) });
    const res = await call({ jsonrpc: '2.0', id: 9, method: 'eth_getLogs', params: [{ fromBlock: '0x0' }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 9, error: { code: -32005, message: 'query returned more than 10000 results' } });
    // ethers surfaces it as an error of the call.
    chain.faults.add({ method: 'eth_getLogs', rpcError: { code: -32000, message: 'header not found' } });
    await expect(chain.provider.getLogs({ fromBlock: 0 })).rejects.toThrow(/header not found/);
    await expect(chain.provider.getLogs({ fromBlock: 0 })).resolves.toBeInstanceOf(Array);
  });

  it('times out: a hanging request gets no answer until the client gives up', async () => {
    chain.faults.add({ hang: true });
    const started = Date.now();
    await expect(call(blockNumber, AbortSignal.timeout(300))).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // An ethers provider with a short timeout fails the call; the next one goes through.
    const network = Network.from(chain.chainId);
    const request = new FetchRequest(chain.rpcUrl);
    request.timeout = 300;
    const impatient = new JsonRpcProvider(request, network, { staticNetwork: network, cacheTimeout: -1 });
    chain.faults.add({ hang: true });
    await expect(impatient.getBlockNumber()).rejects.toThrow(/timeout/i);
    await expect(impatient.getBlockNumber()).resolves.toBeGreaterThanOrEqual(0);
    impatient.destroy();
  }, 10_000);

  it('answers late but right with latency alone, and the helpers bypass the faults', async () => {
    chain.faults.add({ latencyMs: 200 });
    const started = Date.now();
    expect((await call(blockNumber)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    chain.faults.add({ status: 500, times: 5 });
    expect(await chain.mine(1)).toBeGreaterThan(0);
    chain.faults.clear();
    expect(chain.faults.hits.at(-1)).toMatchObject({ fault: { latencyMs: 200 }, methods: ['eth_blockNumber'] });
  });
});
