import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminView } from '../access.js';
import { chatIdParam, errorResponses } from '../schemas.js';
import { assetFields, assetOut, entryOut, moneyOf, moneyPageQuery, paged, transactionsResponse, units } from '../money-schemas.js';

// A group's money for its admins: the balance per asset with the pools still held, the balance's
// transactions, and the deposits with their confirmations (the deposit view).

const balanceResponse = z.object({
  /** Every configured asset in the chains' order, then any other the group still holds. */
  balances: z.array(z.object({ ...assetFields, available: units, held: units.describe('In reward pools of raids not yet settled') })),
  /** Each pool still held, newest raid first. */
  pools: z.array(z.object({ raidId: z.string(), ...assetFields, amount: units })),
});

const deposit = z.object({
  id: z.string(),
  ...assetFields,
  amount: units,
  from: z.string(),
  txHash: z.string(),
  explorerUrl: z.string().nullable(),
  /** seen: pending; credited: in the balance; dropped: its block left the chain; reversed: taken back after a deep reorg. */
  status: z.enum(['seen', 'credited', 'dropped', 'reversed']),
  confirmations: z.number().int(),
  requiredConfirmations: z.number().int(),
  seenAt: z.iso.datetime(),
  creditedAt: z.iso.datetime().nullable(),
});

const params = z.object({ chatId: chatIdParam });

/** `GET /groups/{chatId}/balance`, `/transactions`, `/deposits` (admins). */
export function registerGroupMoneyRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/balance',
    { schema: { summary: "The group's balance per asset and the reward pools it holds (admins)", tags: ['money'], params, response: { 200: balanceResponse, ...errorResponses } } },
    async (request) => {
      await requireAdminView(deps.groups, callerOf(request), request.params.chatId);
      const b = await moneyOf(deps).groupBalance(request.params.chatId);
      return {
        balances: b.balances.map((x) => ({ ...assetOut(x.asset), available: x.available.toString(), held: x.held.toString() })),
        pools: b.pools.map((p) => ({ raidId: p.raidId, ...assetOut(p.asset), amount: p.amount.toString() })),
      };
    },
  );

  app.get(
    '/groups/:chatId/transactions',
    {
      schema: {
        summary: "The group balance's movements in every asset, newest first, with explorer links (admins)",
        tags: ['money'],
        params,
        querystring: moneyPageQuery,
        response: { 200: transactionsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const money = moneyOf(deps);
      const page = await paged(request.query, (p) => money.groupTransactions(chatId, p));
      return { items: page.items.map(entryOut), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/groups/:chatId/deposits',
    {
      schema: {
        summary: "The group's deposits newest first: pending with confirmations, credited, dropped (admins)",
        tags: ['money'],
        params,
        querystring: moneyPageQuery,
        response: { 200: z.object({ items: z.array(deposit), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const money = moneyOf(deps);
      const page = await paged(request.query, (p) => money.groupDeposits(chatId, p));
      return {
        items: page.items.map((d) => ({
          id: d.id, ...assetOut(d.asset), amount: d.amount.toString(), from: d.from, txHash: d.txHash, explorerUrl: d.explorerUrl, status: d.status,
          confirmations: d.confirmations, requiredConfirmations: d.requiredConfirmations, seenAt: d.seenAt.toISOString(), creditedAt: d.creditedAt?.toISOString() ?? null,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
}
