import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const APP_PATH = '/app/';

/** Where `npm run build:web` puts the front end: miniapp/web/dist, whether this runs from the sources
 * (tests, tsx) or from dist/ (npm start). Null when it was not built. */
export function builtWebRoot(): string | null {
  for (const candidate of ['../web/dist/', '../../../miniapp/web/dist/']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${path}index.html`)) return path;
  }
  return null;
}

/** The front end at /app/: hashed assets cached for a year (a new build has new names), the page itself
 * revalidated every time so a deploy reaches people at once. */
export function registerWebApp(app: FastifyInstance, root: string | null): void {
  if (!root) {
    app.get(`${APP_PATH}*`, async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The Mini App is not built on this server: run `npm run build` (it builds miniapp/web).'),
    );
    return;
  }
  app.register(fastifyStatic, {
    root,
    prefix: APP_PATH,
    // Telegram opens `/app/?bot=…`; the page is the same whatever the query.
    index: ['index.html'],
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
