import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installAuthentication } from './auth.js';
import { ApiError, installErrorHandler } from './errors.js';
import type { MiniAppApiDeps } from './deps.js';
import { registerMeRoutes } from './routes/me.js';
import { registerGroupRoutes } from './routes/groups.js';
import { registerGroupSettingsRoutes } from './routes/group-settings.js';
import { registerLeaderboardRoutes } from './routes/leaderboards.js';
import { registerGroupHistoryRoutes } from './routes/group-history.js';
import { registerRaidRoutes } from './routes/raids.js';
import { registerRaidResultRoutes } from './routes/raid-results.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerMeNotificationRoutes } from './routes/me-notifications.js';
import { registerMeVerdictRoutes } from './routes/me-verdicts.js';
import { registerMeXRoutes } from './routes/me-x.js';
import { registerMeWalletRoutes } from './routes/me-wallets.js';
import { registerDepositRoutes } from './routes/deposit.js';
import { registerGroupMoneyRoutes } from './routes/group-money.js';
import { registerMeMoneyRoutes } from './routes/me-money.js';
import { registerMeWithdrawalRoutes } from './routes/me-withdrawals.js';
import { registerGroupFeedRoutes } from './routes/group-feeds.js';
import { registerGroupMentionRoutes } from './routes/group-mentions.js';
import { registerGroupAutoRaidRoutes } from './routes/group-auto-raid.js';
import { registerGroupKolRoutes } from './routes/group-kols.js';
import { registerMeBotRoutes } from './routes/me-bots.js';

export type { MiniAppApiDeps } from './deps.js';
export const API_PREFIX = '/api/v1';
/** The largest body a route takes: the API's bodies are small forms (a raid, a setting). */
export const API_BODY_LIMIT = 16 * 1024;

/** The routes of one area of the API, given the scope's app (zod schemas) and the dependencies. A module
 * only declares routes: it uses `deps` in its handlers, never while registering (the OpenAPI test registers
 * every module without dependencies to list the routes). */
export type RouteModule = (app: ApiApp, deps: MiniAppApiDeps) => void;
export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export const routeModules: readonly RouteModule[] = [
  registerMeRoutes,
  registerMeNotificationRoutes,
  registerMeXRoutes,
  registerMeWalletRoutes,
  registerMeVerdictRoutes,
  registerGroupRoutes,
  registerGroupSettingsRoutes,
  registerLeaderboardRoutes,
  registerGroupHistoryRoutes,
  registerRaidRoutes,
  registerRaidResultRoutes,
  registerTokenRoutes,
  registerDepositRoutes,
  registerGroupMoneyRoutes,
  registerMeMoneyRoutes,
  registerMeWithdrawalRoutes,
  registerGroupFeedRoutes,
  registerGroupMentionRoutes,
  registerGroupAutoRaidRoutes,
  registerGroupKolRoutes,
  registerMeBotRoutes,
];

/** The Mini App's API under /api/v1: every route authenticated by initData, schema-checked (zod, which also
 * writes the OpenAPI document), rate-limited per person on Redis, and answering errors in one shape. */
export function registerMiniAppApi(root: FastifyInstance, deps: MiniAppApiDeps): void {
  root.register(
    async (scope) => {
      enforceSchemas(scope);
      scope.setValidatorCompiler(validatorCompiler);
      scope.setSerializerCompiler(serializerCompiler);
      installErrorHandler(scope, deps.log);
      installAuthentication(scope, deps);
      // After authentication (preHandler), so the key is the person, whichever address or device they use.
      await scope.register(rateLimit, {
        hook: 'preHandler',
        max: deps.ratePerMinute,
        timeWindow: 60_000,
        redis: deps.redis,
        nameSpace: `${deps.prefix}:miniapp:rate:`,
        keyGenerator: (request) => `u${request.caller?.userId ?? request.ip}`,
        // A Redis hiccup must not lock everyone out of the app.
        skipOnError: true,
        errorResponseBuilder: (_request, context) =>
          new ApiError(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
      });
      const app = scope.withTypeProvider<ZodTypeProvider>() as ApiApp;
      for (const register of routeModules) register(app, deps);
    },
    { prefix: API_PREFIX },
  );
}

/** A route without a schema would take unchecked input and be missing from the OpenAPI document: the
 * API refuses to start with one. */
export function enforceSchemas(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    const missing = missingSchema(route.method, route.url, route.schema);
    if (missing) throw new Error(`Mini App API route ${String(route.method)} ${route.url} has no ${missing} schema`);
    route.bodyLimit ??= API_BODY_LIMIT;
  });
}

/** Which schema a route lacks: every route declares its answers, its path parameters and its body. */
export function missingSchema(method: string | string[], url: string, schema: { response?: unknown; params?: unknown; body?: unknown; querystring?: unknown } | undefined): string | null {
  const methods = ([] as string[]).concat(method);
  if (methods.includes('HEAD')) return null;
  if (!schema?.response) return 'response';
  if (url.includes(':') && !schema.params) return 'params';
  if (methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH') && !schema.body) return 'body';
  return null;
}
