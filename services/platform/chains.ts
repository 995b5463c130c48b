import { readFileSync } from 'node:fs';
import { getAddress } from 'ethers';
import { z } from 'zod';

// The EVM chains and tokens a deployment pays in, read once at start from CHAINS_FILE (a JSON file) or
// CHAINS (the same JSON inline), never both. Either form is `{ "chains": [...] }` or the bare array:
//
//   [{ "id": 1, "name": "Ethereum", "rpcUrl": "https://...", "confirmations": 12,
//      "native": { "symbol": "ETH", "decimals": 18 }, "explorerUrl": "https://etherscan.io",
//      "tokens": [{ "address": "0xdAC17F958D2ee523a2206206994597C13D831ec7", "symbol": "USDT", "decimals": 6 }] }]
//
// A bad entry names itself (`chains[1].tokens[0].address: not an address`); values are never echoed, since
// an RPC URL often carries an API key. Addresses come out checksummed (ethers' getAddress).

export interface TokenConfig {
  /** EIP-55 checksummed. */
  address: string;
  symbol: string;
  decimals: number;
  /** The least a member may withdraw, in smallest units (decimal integer text); absent: 1 (minWithdrawalOf). */
  minWithdrawal?: string;
}

export interface ChainConfig {
  id: number;
  name: string;
  rpcUrl: string;
  /** Blocks after the one holding a transfer before it counts (0: the block itself is enough). */
  confirmations: number;
  native: { symbol: string; decimals: number; minWithdrawal?: string };
  explorerUrl?: string;
  tokens: TokenConfig[];
}

/** What a pool may be named with: the same characters raids accept (token-amounts.ts). */
export const SYMBOL = /^[A-Za-z0-9.$_-]{1,16}$/;
// A missing field says so; a wrong one says what it must be.
const wants = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what) });
const symbol = z.string(wants('must be text')).regex(SYMBOL, 'must be 1-16 characters of A-Z a-z 0-9 . $ _ -');
const decimals = z.number(wants('must be a whole number 0-36')).int('must be a whole number 0-36').min(0, 'must be a whole number 0-36').max(36, 'must be a whole number 0-36');

const urlOf = (protocols: string[]) =>
  z.string(wants('must be a URL')).refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const address = z.string(wants('not an address')).transform((value, ctx) => {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'not an address' });
    return z.NEVER;
  }
  try {
    return getAddress(value);
  } catch {
    // Mixed case is a checksum (EIP-55); a wrong one is most often a typo in a copied address.
    ctx.addIssue({ code: 'custom', message: 'bad checksum (all lower case skips the check)' });
    return z.NEVER;
  }
});

// Text, not a number: an 18-decimals minimum passes 2^53 at 0.009 of a token, and JSON numbers lose it.
const minWithdrawal = z
  .string(wants('must be a decimal whole number in quotes (smallest units)'))
  .regex(/^[1-9][0-9]{0,77}$/, 'must be a decimal whole number in quotes (smallest units), at least 1')
  .optional();

const token = z.strictObject({ address, symbol, decimals, minWithdrawal });

const chain = z
  .strictObject({
    id: z.number(wants('must be a positive whole number')).int('must be a positive whole number').positive('must be a positive whole number').max(Number.MAX_SAFE_INTEGER),
    name: z.string(wants('must be text')).trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
    rpcUrl: urlOf(['http:', 'https:', 'ws:', 'wss:']),
    confirmations: z.number(wants('must be a whole number 0-10000')).int('must be a whole number 0-10000').min(0, 'must be a whole number 0-10000').max(10_000, 'must be a whole number 0-10000'),
    native: z.strictObject({ symbol, decimals: decimals.default(18), minWithdrawal }),
    explorerUrl: urlOf(['http:', 'https:']).optional(),
    tokens: z.array(token).default([]),
  })
  .superRefine((c, ctx) => {
    const seenSymbols = new Map<string, number>();
    const seenAddresses = new Map<string, number>();
    c.tokens.forEach((t, i) => {
      const key = t.symbol.toUpperCase();
      if (key === c.native.symbol.toUpperCase()) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'symbol'], message: `is the chain's native coin symbol` });
      const s = seenSymbols.get(key);
      if (s !== undefined) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'symbol'], message: `repeats tokens[${s}].symbol (symbols are unique per chain, in any case)` });
      else seenSymbols.set(key, i);
      const a = seenAddresses.get(t.address);
      if (a !== undefined) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'address'], message: `repeats tokens[${a}].address` });
      else seenAddresses.set(t.address, i);
    });
  });

const file = z
  .strictObject({ chains: z.array(chain) })
  .superRefine((f, ctx) => {
    const ids = new Map<number, number>();
    // A pool is named by its symbol alone (`pool=500 USDT`), so a symbol must mean one number of decimals
    // across chains until pools carry their chain.
    const decimalsBySymbol = new Map<string, { decimals: number; where: string }>();
    f.chains.forEach((c, i) => {
      const first = ids.get(c.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['chains', i, 'id'], message: `repeats chains[${first}].id` });
      else ids.set(c.id, i);
      const entries: Array<[path: (string | number)[], where: string, s: string, d: number]> = [
        [['chains', i, 'native', 'decimals'], `chains[${i}].native`, c.native.symbol, c.native.decimals],
        ...c.tokens.map((t, j): [(string | number)[], string, string, number] => [['chains', i, 'tokens', j, 'decimals'], `chains[${i}].tokens[${j}]`, t.symbol, t.decimals]),
      ];
      for (const [path, where, s, d] of entries) {
        const seen = decimalsBySymbol.get(s.toUpperCase());
        if (!seen) decimalsBySymbol.set(s.toUpperCase(), { decimals: d, where });
        else if (seen.decimals !== d) {
          ctx.addIssue({ code: 'custom', path, message: `is ${d} but ${seen.where} (${s.toUpperCase()}) has ${seen.decimals}: pools name a token by symbol, so one symbol needs one decimals` });
        }
      }
    });
  });

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

export type ChainsParse = { ok: true; chains: ChainConfig[] } | { ok: false; problems: string[] };

/** Parses the JSON text of a chains list; `source` names where it came from in each problem. */
export function parseChains(text: string, source: string): ChainsParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${source} is not JSON (${(error as Error).message.replace(/ in JSON.*$/, '')})`] };
  }
  const parsed = file.safeParse(Array.isArray(json) ? { chains: json } : json);
  if (parsed.success) return { ok: true, chains: parsed.data.chains as ChainConfig[] };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
      const path = pathText(issue.path);
      return `${source} ${path || 'top level'}: ${message}`;
    }),
  };
}

/** The chains from CHAINS_FILE or CHAINS (empty when neither is set). */
export function loadChains(env: { CHAINS_FILE?: string | undefined; CHAINS?: string | undefined }, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): ChainsParse {
  if (env.CHAINS_FILE && env.CHAINS) return { ok: false, problems: ['CHAINS_FILE and CHAINS are both set: use one'] };
  if (env.CHAINS) return parseChains(env.CHAINS, 'CHAINS');
  if (!env.CHAINS_FILE) return { ok: true, chains: [] };
  let text: string;
  try {
    text = read(env.CHAINS_FILE);
  } catch (error) {
    return { ok: false, problems: [`CHAINS_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ${env.CHAINS_FILE}`] };
  }
  return parseChains(text, 'CHAINS_FILE');
}

/** A ledger asset as chains name it: the chain id and the token's contract address in lower case, or 'native'. */
export interface ChainAsset {
  chainId: number;
  token: string;
}

/**
 * The asset a pool's symbol names (`pool=500 USDT`), in any case: the first chain in the configured order
 * that lists it (as its native coin or one of its tokens), so the operator decides by the order of CHAINS.
 * Null when no chain lists it. chains.ts already makes one symbol mean one number of decimals everywhere,
 * so the amount typed means the same on whichever chain is picked.
 */
export function assetOfSymbol(chains: readonly ChainConfig[], symbol: string): ChainAsset | null {
  const wanted = symbol.toUpperCase();
  for (const c of chains) {
    if (c.native.symbol.toUpperCase() === wanted) return { chainId: c.id, token: 'native' };
    const t = c.tokens.find((t) => t.symbol.toUpperCase() === wanted);
    if (t) return { chainId: c.id, token: t.address.toLowerCase() };
  }
  return null;
}

/** The least a member may withdraw of `token` ('native' or a contract address, any case) on `chain`, in
 * smallest units (1 when not configured); null when the chain does not list the token. */
export function minWithdrawalOf(chain: ChainConfig, token: string): bigint | null {
  if (token === 'native') return BigInt(chain.native.minWithdrawal ?? '1');
  const t = chain.tokens.find((t) => t.address.toLowerCase() === token.toLowerCase());
  return t ? BigInt(t.minWithdrawal ?? '1') : null;
}
