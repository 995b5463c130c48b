import { z } from 'zod';
import type { ChainConfig } from '../../../../services/platform/chains.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminView } from '../access.js';
import { ApiError } from '../errors.js';
import { chatIdParam, errorResponses } from '../schemas.js';
import { qrSvg } from '../qr-code.js';

// The group's deposit address, as /deposit shows it, for the Mini App's deposit view (address and QR code).

const depositResponse = z.object({
  /** EIP-55 checksummed; the same on every chain below. */
  address: z.string(),
  /** `ethereum:<address>` (EIP-681 without a chain: the address is the same on each), what the QR code holds. */
  uri: z.string(),
  /** The QR code of `uri` as an SVG document, drawn here (qr-code.ts): the front end shows it as an image. */
  qrSvg: z.string(),
  chains: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      /** Blocks after the deposit's before it is credited. */
      confirmations: z.number().int(),
      /** The chain's coin, taken at the same address. */
      native: z.object({ symbol: z.string(), decimals: z.number().int() }),
      /** The tokens credited on this chain, by symbol. */
      tokens: z.array(z.string()),
    }),
  ),
});

const chainsOf = (chains: readonly ChainConfig[]) =>
  chains.map((c) => ({ id: c.id, name: c.name, confirmations: c.confirmations, native: { symbol: c.native.symbol, decimals: c.native.decimals }, tokens: c.tokens.map((t) => t.symbol) }));

/** `GET /groups/{chatId}/deposit`: the group's deposit address (given on the first ask) and what it takes. */
export function registerDepositRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/deposit',
    {
      schema: {
        summary: "The group's deposit address and the chains and tokens it takes (admins)",
        tags: ['money'],
        params: z.object({ chatId: chatIdParam }),
        response: { 200: depositResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      if (!deps.wallet || deps.chains.length === 0) throw new ApiError(409, 'deposits_off', 'Deposits are not set up on this deployment');
      const { address } = await deps.wallet.addressOf(chatId);
      const uri = `ethereum:${address}`;
      return { address, uri, qrSvg: qrSvg(uri), chains: chainsOf(deps.chains) };
    },
  );
}
