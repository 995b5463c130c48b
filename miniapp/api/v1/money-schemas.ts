import { z } from 'zod';
import type { AssetInfo, MoneyEntry, MoneyViews, Page, PageRequest } from '../../../services/money-views/index.js';
import { InvalidCursorError } from '../../../services/money-views/index.js';
import { ApiError, badRequest } from './errors.js';
import type { MiniAppApiDeps } from './deps.js';

// Shapes the money routes share. Amounts are integer strings of the token's smallest unit with the token's
// decimals beside them (as GET /tokens and raids' pools), never floats: 10 tokens of 18 decimals exceed 2^53.

const units = z.string().regex(/^\d+$/).describe("Integer in the token's smallest unit");
const signedUnits = z.string().regex(/^-?\d+$/).describe("Signed integer in the token's smallest unit: negative left the account");

/** How an asset is named: its chain, the ledger's token ('native' or the lower-case contract address), symbol, decimals. */
export const assetFields = {
  chainId: z.number().int(),
  chainName: z.string(),
  token: z.string(),
  symbol: z.string(),
  decimals: z.number().int().min(0).max(36),
};
export const assetOut = (a: AssetInfo) => ({ chainId: a.chainId, chainName: a.chainName, token: a.token, symbol: a.symbol, decimals: a.decimals });

export const moneyEntry = z.object({
  /** The ledger line: unique and stable. */
  id: z.string(),
  at: z.iso.datetime(),
  /** The posting's kind: deposit, deposit.reversal, raid.hold, raid.payout, raid.hold_void, withdrawal kinds. */
  kind: z.string(),
  ...assetFields,
  amount: signedUnits,
  balanceAfter: units,
  raidId: z.string().nullable(),
  txHash: z.string().nullable(),
  /** The transaction on the chain's explorer; null when the chain has no explorerUrl or there is no transaction. */
  explorerUrl: z.string().nullable(),
});
export const entryOut = (e: MoneyEntry) => ({
  id: e.id, at: e.at.toISOString(), kind: e.kind, ...assetOut(e.asset), amount: e.amount.toString(), balanceAfter: e.balanceAfter.toString(),
  raidId: e.raidId, txHash: e.txHash, explorerUrl: e.explorerUrl,
});
export const transactionsResponse = z.object({ items: z.array(moneyEntry), nextCursor: z.string().nullable() });

export { units };

/** The money lists' query: the ledger's cursor holds a position per asset, so it may be longer than others. */
export const moneyPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(4000).optional(),
});

// Opaque to the front end: base64url of the service's cursor.
const encode = (cursor: string | null) => (cursor === null ? null : Buffer.from(cursor).toString('base64url'));

/** Reads a page with the request's cursor, answering 400 `query.cursor` for one this list did not give. */
export async function paged<T>(query: { limit: number; cursor?: string | undefined }, read: (page: PageRequest) => Promise<Page<T>>): Promise<{ items: T[]; nextCursor: string | null }> {
  const cursor = query.cursor === undefined ? null : Buffer.from(query.cursor, 'base64url').toString('utf8');
  try {
    const page = await read({ limit: query.limit, cursor });
    return { items: page.items, nextCursor: encode(page.nextCursor) };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw badRequest('invalid_request', 'query.cursor: is not a cursor this list gave', 'query.cursor');
    throw error;
  }
}

/** The money views, or 409 money_off where the deployment has no wallet or chains. */
export function moneyOf(deps: MiniAppApiDeps): MoneyViews {
  if (!deps.money) throw new ApiError(409, 'money_off', 'Money is not set up on this deployment');
  return deps.money;
}
