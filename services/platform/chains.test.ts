import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetOfSymbol, loadChains, minWithdrawalOf, parseChains } from './chains.js';
import { ConfigError, configByConcern, loadConfig } from './config.js';

const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const USDC_POLYGON = '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359';

const ethereum = {
  id: 1, name: 'Ethereum', rpcUrl: 'https://eth.example/v3/secret-key', confirmations: 12,
  native: { symbol: 'ETH', decimals: 18 }, explorerUrl: 'https://etherscan.io',
  tokens: [{ address: USDT.toLowerCase(), symbol: 'USDT', decimals: 6 }],
};
const polygon = {
  id: 137, name: 'Polygon', rpcUrl: 'wss://polygon.example', confirmations: 64,
  native: { symbol: 'POL' }, tokens: [{ address: USDC_POLYGON, symbol: 'USDC', decimals: 6 }],
};

function problemsOf(chains: unknown): string[] {
  const parsed = parseChains(JSON.stringify(chains), 'CHAINS');
  return parsed.ok ? [] : parsed.problems;
}

describe('chains configuration', () => {
  it('reads chains and tokens, checksumming addresses and filling defaults', () => {
    const parsed = parseChains(JSON.stringify([ethereum, polygon]), 'CHAINS');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.chains[0]).toEqual({ ...ethereum, tokens: [{ address: USDT, symbol: 'USDT', decimals: 6 }] });
    expect(parsed.chains[1]).toMatchObject({ id: 137, native: { symbol: 'POL', decimals: 18 } });
    expect(parsed.chains[1]!.explorerUrl).toBeUndefined();
    // The { chains } form is the same list.
    expect(parseChains(JSON.stringify({ chains: [ethereum] }), 'CHAINS')).toEqual(parseChains(JSON.stringify([ethereum]), 'CHAINS'));
    expect(parseChains('[]', 'CHAINS')).toEqual({ ok: true, chains: [] });
  });

  it('names the entry that is wrong', () => {
    const bad = [ethereum, { ...polygon, tokens: [{ address: '0x1234', symbol: 'USDC', decimals: 6 }] }];
    expect(problemsOf(bad)).toEqual(['CHAINS chains[1].tokens[0].address: not an address']);
    const typo = USDT.replace('dAC', 'DAc');
    expect(problemsOf([{ ...ethereum, tokens: [{ address: typo, symbol: 'USDT', decimals: 6 }] }])).toEqual([expect.stringMatching(/^CHAINS chains\[0\]\.tokens\[0\]\.address: bad checksum/)]);
    expect(problemsOf([{ ...ethereum, confirmations: -1 }])).toEqual(['CHAINS chains[0].confirmations: must be a whole number 0-10000']);
    expect(problemsOf([{ ...ethereum, rpcUrl: 'ftp://x' }])).toEqual([expect.stringMatching(/^CHAINS chains\[0\]\.rpcUrl: must be a URL starting with http:\/\//)]);
    expect(problemsOf([{ ...ethereum, tokens: [{ address: USDT, symbol: 'US DT', decimals: 6 }] }])).toEqual([expect.stringMatching(/^CHAINS chains\[0\]\.tokens\[0\]\.symbol: must be 1-16/)]);
    expect(problemsOf([{ ...ethereum, tokens: [{ address: USDT, symbol: 'USDT', decimals: 99 }] }])).toEqual(['CHAINS chains[0].tokens[0].decimals: must be a whole number 0-36']);
    const { confirmations: _, ...noConfirmations } = ethereum;
    expect(problemsOf([noConfirmations])).toEqual(['CHAINS chains[0].confirmations: is required']);
    expect(problemsOf([{ ...ethereum, native: {} }])).toEqual(['CHAINS chains[0].native.symbol: is required']);
    expect(problemsOf([{ ...ethereum, tokens: [{ symbol: 'X', decimals: 1 }] }])).toEqual(['CHAINS chains[0].tokens[0].address: is required']);
    expect(problemsOf([{ ...ethereum, rpc: 'x' }])).toEqual(['CHAINS chains[0]: unknown field rpc']);
    expect(problemsOf({ chain: [] })).toEqual([expect.stringMatching(/^CHAINS (top level|chains): /), expect.stringMatching(/unknown field chain/)]);
    expect(parseChains('{not json', 'CHAINS_FILE')).toEqual({ ok: false, problems: [expect.stringMatching(/^CHAINS_FILE is not JSON/)] });
  });

  it('never echoes a value (an RPC URL carries its API key)', () => {
    const found = problemsOf([{ ...ethereum, rpcUrl: 'not a url secret-key' }]);
    expect(found).toHaveLength(1);
    expect(found.join()).not.toContain('secret-key');
  });

  it('wants unique chain ids, token symbols and addresses per chain, and one decimals per symbol', () => {
    expect(problemsOf([ethereum, { ...polygon, id: 1 }])).toEqual(['CHAINS chains[1].id: repeats chains[0].id']);
    const twice = { ...ethereum, tokens: [ethereum.tokens[0], { address: USDC_POLYGON, symbol: 'usdt', decimals: 6 }] };
    expect(problemsOf([twice])).toEqual([expect.stringMatching(/^CHAINS chains\[0\]\.tokens\[1\]\.symbol: repeats tokens\[0\]\.symbol/)]);
    const sameAddress = { ...ethereum, tokens: [ethereum.tokens[0], { address: USDT, symbol: 'USDT2', decimals: 6 }] };
    expect(problemsOf([sameAddress])).toEqual(['CHAINS chains[0].tokens[1].address: repeats tokens[0].address']);
    expect(problemsOf([{ ...ethereum, tokens: [{ address: USDT, symbol: 'eth', decimals: 18 }] }])).toEqual([expect.stringMatching(/tokens\[0\]\.symbol: is the chain's native coin symbol/)]);
    // USDT on BNB Chain has 18 decimals: a pool named "USDT" would be ambiguous.
    const bsc = { id: 56, name: 'BNB Chain', rpcUrl: 'https://bsc.example', confirmations: 15, native: { symbol: 'BNB' }, tokens: [{ address: '0x55d398326f99059fF775485246999027B3197955', symbol: 'USDT', decimals: 18 }] };
    expect(problemsOf([ethereum, bsc])).toEqual([expect.stringMatching(/^CHAINS chains\[1\]\.tokens\[0\]\.decimals: is 18 but chains\[0\]\.tokens\[0\] \(USDT\) has 6/)]);
    // The same symbol with the same decimals on two chains is fine.
    expect(problemsOf([ethereum, { ...polygon, tokens: [{ address: USDC_POLYGON, symbol: 'USDT', decimals: 6 }] }])).toEqual([]);
  });

  it('comes from CHAINS_FILE or CHAINS, not both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chains-'));
    const path = join(dir, 'chains.json');
    writeFileSync(path, JSON.stringify({ chains: [ethereum] }));
    expect(loadChains({ CHAINS_FILE: path })).toMatchObject({ ok: true, chains: [{ id: 1 }] });
    expect(loadChains({})).toEqual({ ok: true, chains: [] });
    expect(loadChains({ CHAINS_FILE: path, CHAINS: '[]' })).toEqual({ ok: false, problems: ['CHAINS_FILE and CHAINS are both set: use one'] });
    expect(loadChains({ CHAINS_FILE: join(dir, 'missing.json') })).toEqual({ ok: false, problems: [expect.stringMatching(/^CHAINS_FILE cannot be read \(ENOENT\)/)] });
    writeFileSync(path, JSON.stringify([{ ...ethereum, id: 0 }]));
    expect(loadChains({ CHAINS_FILE: path })).toEqual({ ok: false, problems: ['CHAINS_FILE chains[0].id: must be a positive whole number'] });
  });

  it('is part of the configuration, by concern, with the other problems of one start', () => {
    expect(configByConcern(loadConfig({})).chains).toEqual([]);
    expect(configByConcern(loadConfig({ CHAINS: JSON.stringify([ethereum]) })).chains).toMatchObject([{ id: 1, tokens: [{ address: USDT }] }]);
    try {
      loadConfig({ HTTP_PORT: 'eighty', CHAINS: JSON.stringify([{ ...ethereum, name: '' }]) });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^HTTP_PORT /), 'CHAINS chains[0].name: must not be empty']);
    }
  });
});

describe('assetOfSymbol', () => {
  it('names the first chain listing the symbol, in any case; native coins as native; unknown as null', () => {
    const usdtOnPolygon = { ...polygon, tokens: [...polygon.tokens, { address: '0x' + 'ab'.repeat(20), symbol: 'USDT', decimals: 6 }] };
    const parsed = parseChains(JSON.stringify([ethereum, usdtOnPolygon]), 'CHAINS');
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(assetOfSymbol(parsed.chains, 'usdt')).toEqual({ chainId: 1, token: USDT.toLowerCase() });
    expect(assetOfSymbol(parsed.chains, 'USDC')).toEqual({ chainId: 137, token: USDC_POLYGON.toLowerCase() });
    expect(assetOfSymbol(parsed.chains, 'POL')).toEqual({ chainId: 137, token: 'native' });
    expect(assetOfSymbol(parsed.chains, 'DAI')).toBeNull();
  });
});

describe('withdrawal minimums', () => {
  it('reads a minimum per token and for the native coin, 1 when not set, and refuses one that is not a whole number in quotes', () => {
    const parsed = parseChains(JSON.stringify([{ ...ethereum, native: { symbol: 'ETH', minWithdrawal: '1000000000000000' }, tokens: [{ address: USDT, symbol: 'USDT', decimals: 6, minWithdrawal: '5000000' }] }, polygon]), 'CHAINS');
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const [eth, pol] = parsed.chains;
    expect(minWithdrawalOf(eth!, 'native')).toBe(1_000_000_000_000_000n);
    expect(minWithdrawalOf(eth!, USDT.toLowerCase())).toBe(5_000_000n);
    expect(minWithdrawalOf(pol!, USDC_POLYGON.toLowerCase())).toBe(1n);
    expect(minWithdrawalOf(pol!, 'native')).toBe(1n);
    expect(minWithdrawalOf(pol!, USDT)).toBeNull();
    expect(problemsOf([{ ...ethereum, tokens: [{ address: USDT, symbol: 'USDT', decimals: 6, minWithdrawal: 5 }] }])).toEqual([expect.stringMatching(/^CHAINS chains\[0\]\.tokens\[0\]\.minWithdrawal: must be a decimal whole number in quotes/)]);
    expect(problemsOf([{ ...ethereum, native: { symbol: 'ETH', minWithdrawal: '0' } }])).toEqual([expect.stringMatching(/^CHAINS chains\[0\]\.native\.minWithdrawal: .*at least 1/)]);
  });
});
