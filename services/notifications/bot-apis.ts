import { Api } from 'grammy';

export type ResolveBot = (botId: number) => Promise<{ token: string; apiRoot: string }>;

/** One grammY Api per bot, re-resolved after `ttlMs` so a rotated token (white-label bots) is picked up. */
export function createBotApis(resolveBot: ResolveBot, options: { ttlMs?: number; timeoutSeconds?: number } = {}) {
  const ttlMs = options.ttlMs ?? 60_000;
  const cache = new Map<number, { api: Api; expires: number }>();
  return {
    async get(botId: number): Promise<Api> {
      const hit = cache.get(botId);
      if (hit && hit.expires > Date.now()) return hit.api;
      const { token, apiRoot } = await resolveBot(botId);
      // A bounded timeout: grammY's default (500 s) would hold the row's send lock far too long.
      const api = new Api(token, { apiRoot, timeoutSeconds: options.timeoutSeconds ?? 20 });
      cache.set(botId, { api, expires: Date.now() + ttlMs });
      return api;
    },
  };
}
export type BotApis = ReturnType<typeof createBotApis>;
