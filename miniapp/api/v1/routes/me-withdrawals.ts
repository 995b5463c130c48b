import { z } from 'zod';
import type { Withdrawal, WithdrawalRefusal } from '../../../../services/withdrawals/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { ApiError } from '../errors.js';
import { errorBody, errorResponses, pageQuery } from '../schemas.js';

// The caller's withdrawals, as /withdraw makes them (bots/features/withdraw): a request moves the amount out
// of their rewards at once; the worker pays it on chain. Shapes fixed in docs/mini-app-api.md.

const STATUSES = ['requested', 'signed', 'sent', 'confirmed', 'failed'] as const;

const withdrawal = z.object({
  id: z.string(),
  chainId: z.number().int(),
  token: z.string().describe("'native' or the lower-case contract address"),
  symbol: z.string(),
  decimals: z.number().int(),
  amount: z.string().regex(/^\d+$/).describe('smallest units'),
  to: z.string().describe('EIP-55 checksummed'),
  status: z.enum(STATUSES),
  txHash: z.string().nullable(),
  explorerUrl: z.string().nullable(),
  confirmations: z.number().int(),
  requiredConfirmations: z.number().int(),
  createdAt: z.iso.datetime(),
  doneAt: z.iso.datetime().nullable(),
});

const withdrawalOut = (w: Withdrawal) => ({ ...w, amount: w.amount.toString(), createdAt: w.createdAt.toISOString(), doneAt: w.doneAt?.toISOString() ?? null });

const requestBody = z
  .object({
    chainId: z.number().int().positive(),
    token: z.string().regex(/^(native|0x[0-9a-f]{40})$/, "must be 'native' or a lower-case contract address"),
    amount: z.union([z.literal('all'), z.string().regex(/^[1-9]\d{0,77}$/, "must be a positive whole number of smallest units in a string, or 'all'")]),
    to: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an EVM address: 0x and 40 hex digits'),
  })
  .strict();

const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

function refusal(r: WithdrawalRefusal): ApiError {
  switch (r.reason) {
    case 'insufficient_balance':
      return new ApiError(409, 'insufficient_balance', `Your balance is ${r.balance} (smallest units): not enough for this withdrawal.`);
    case 'below_minimum':
      return new ApiError(409, 'below_minimum', `The least you can withdraw is ${r.minimum} (smallest units).`);
    case 'wallet_not_linked':
      return new ApiError(409, 'wallet_not_linked', 'That wallet is not linked to you: link it first (POST /me/wallets).');
    case 'bad_address':
      return new ApiError(400, 'invalid_request', 'body.to: is not an EVM address', 'body.to');
    case 'unknown_token':
      return new ApiError(400, 'invalid_request', 'body.token: is not a token this deployment pays in on that chain', 'body.token');
  }
}

/** `POST /me/withdrawals`, `GET /me/withdrawals`. */
export function registerMeWithdrawalRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  const off = () => new ApiError(503, 'withdrawals_off', 'Withdrawals are not available on this deployment.');

  app.post(
    '/me/withdrawals',
    {
      schema: {
        summary: "Withdraws from the caller's rewards to one of their linked wallets (idempotent per Idempotency-Key)",
        tags: ['me'],
        headers: idempotencyHeaders,
        body: requestBody,
        response: { 201: z.object({ withdrawal }), ...errorResponses, 503: errorBody },
      },
    },
    async (request, reply) => {
      if (!deps.withdrawals) throw off();
      const caller = callerOf(request);
      const key = request.headers['idempotency-key'];
      const result = await deps.withdrawals.request(caller.userId, {
        chainId: request.body.chainId,
        token: request.body.token,
        amount: request.body.amount === 'all' ? 'all' : BigInt(request.body.amount),
        to: request.body.to,
        botId: caller.botId,
        ...(typeof key === 'string' ? { idempotencyKey: `api:${key}` } : {}),
      });
      if (!result.ok) throw refusal(result);
      return reply.code(201).send({ withdrawal: withdrawalOut(result.withdrawal) });
    },
  );

  app.get(
    '/me/withdrawals',
    { schema: { summary: "The caller's withdrawals, newest first", tags: ['me'], querystring: pageQuery, response: { 200: z.object({ items: z.array(withdrawal), nextCursor: z.string().nullable() }), ...errorResponses, 503: errorBody } } },
    async (request) => {
      if (!deps.withdrawals) throw off();
      const page = await deps.withdrawals.list(callerOf(request).userId, { cursor: request.query.cursor ?? null, limit: request.query.limit });
      return { items: page.items.map(withdrawalOut), nextCursor: page.nextCursor };
    },
  );
}
