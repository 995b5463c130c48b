import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { errorResponses } from '../schemas.js';
import { UNLISTED_DECIMALS, type TokenTable } from '../../../../services/platform/token-amounts.js';

const tokensResponse = z.object({
  /** True when the deployment lists its tokens (CHAINS): a pool in any other token is refused. */
  listed: z.boolean(),
  tokens: z.array(z.object({ symbol: z.string(), decimals: z.number().int() })),
  /** The decimals a token the list does not name is counted in; null when such a token is refused. */
  otherDecimals: z.number().int().nullable(),
});

/** `GET /tokens`: the tokens a pool may be in, with their decimals, so the launch form turns what an admin
 * types ("12.5") into the smallest unit with the same table the server reads it back with. */
export function registerTokenRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/tokens',
    { schema: { summary: 'The tokens a reward pool may be in, with their decimals', tags: ['raids'], response: { 200: tokensResponse, ...errorResponses } } },
    async () => tokensOf(deps.tokens()),
  );
}

function tokensOf(table: TokenTable): z.infer<typeof tokensResponse> {
  const tokens = [...table.decimals].map(([symbol, decimals]) => ({ symbol, decimals })).sort((a, b) => a.symbol.localeCompare(b.symbol));
  // The default table accepts any symbol, counting one it does not know in 18 decimals (token-amounts.ts).
  return { listed: table.listed, tokens, otherDecimals: table.listed ? null : UNLISTED_DECIMALS };
}
