import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { errorResponses } from '../schemas.js';
import { assetFields, assetOut, entryOut, moneyOf, moneyPageQuery, paged, transactionsResponse, units } from '../money-schemas.js';

// The caller's own money: rewards earned per asset (what the withdrawal form offers) and their movements.

const rewardsResponse = z.object({
  /** Every configured asset in the chains' order (zero ones too), then any other the caller still holds. */
  balances: z.array(z.object({ ...assetFields, amount: units, minWithdrawal: units.describe('The smallest withdrawal of this asset') })),
});

/** `GET /me/rewards`, `GET /me/transactions`. */
export function registerMeMoneyRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/me/rewards',
    { schema: { summary: "The caller's rewards per asset", tags: ['money'], response: { 200: rewardsResponse, ...errorResponses } } },
    async (request) => ({
      balances: (await moneyOf(deps).memberRewards(callerOf(request).userId)).map((r) => ({ ...assetOut(r.asset), amount: r.amount.toString(), minWithdrawal: r.asset.minWithdrawal.toString() })),
    }),
  );

  app.get(
    '/me/transactions',
    {
      schema: {
        summary: "The caller's rewards' movements in every asset, newest first, with explorer links",
        tags: ['money'],
        querystring: moneyPageQuery,
        response: { 200: transactionsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const money = moneyOf(deps);
      const userId = callerOf(request).userId;
      const page = await paged(request.query, (p) => money.memberTransactions(userId, p));
      return { items: page.items.map(entryOut), nextCursor: page.nextCursor };
    },
  );
}
