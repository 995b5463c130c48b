import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export const API_DOCS_PATH = '/api/docs';

/** The OpenAPI 3 document of the Mini App's API, written from the routes' zod schemas, with a UI at
 * /api/docs and the JSON at /api/docs/json. Only the API's own routes are in it. */
export function registerApiDocs(app: FastifyInstance): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Warhorn Mini App API', version: '1', description: 'See docs/mini-app-api.md for who may call what.' },
      components: {
        securitySchemes: {
          initData: { type: 'apiKey', in: 'header', name: 'Authorization', description: '"tma <initData>", with X-Warhorn-Bot naming the bot' },
        },
      },
      security: [{ initData: [] }],
    },
    transform: (input) => {
      if (!input.url.startsWith('/api/v1')) return { schema: { ...input.schema, hide: true }, url: input.url };
      return jsonSchemaTransform(input);
    },
  });
  app.register(swaggerUi, { routePrefix: API_DOCS_PATH, staticCSP: true });
}
