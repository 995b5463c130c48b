import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../../services/platform/logger.js';
import { registerHealthRoutes, type HealthDeps } from './health.js';
import { registerTelegramWebhook, type WebhookResolver } from './telegram-webhook.js';
import { registerXOAuthRoutes, type XOAuthRouteDeps } from './x-oauth.js';
import { registerApiDocs } from './api-docs.js';
import { installWebSecurity } from './web-security.js';
import { registerWebApp } from './web-app.js';
import { registerMiniAppApi, type MiniAppApiDeps } from './v1/index.js';

export interface ApiServerDeps extends HealthDeps {
  log: Logger;
  /** Present when this process takes Telegram webhooks (the api role). */
  webhooks?: WebhookResolver;
  /** Present on the api role: where X sends members back after they approve linking. */
  xOAuth?: XOAuthRouteDeps | undefined;
  /** Present on the api role: the Mini App's API and its front end. */
  miniApp?: { api: MiniAppApiDeps; webRoot: string | null; frameAncestors: readonly string[] } | undefined;
}

export function createApiServer(deps: ApiServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // Behind a load balancer the client address comes from X-Forwarded-For.
    trustProxy: true,
  });
  if (deps.miniApp) {
    installWebSecurity(app, { extraFrameAncestors: deps.miniApp.frameAncestors });
    // Before the API's routes: the document is written from the routes registered after it.
    registerApiDocs(app);
  }
  registerHealthRoutes(app, deps);
  if (deps.webhooks) registerTelegramWebhook(app, deps.webhooks, deps.log);
  if (deps.xOAuth) registerXOAuthRoutes(app, deps.xOAuth);
  if (deps.miniApp) {
    registerMiniAppApi(app, deps.miniApp.api);
    registerWebApp(app, deps.miniApp.webRoot);
  }
  return app;
}
