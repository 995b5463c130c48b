// The OpenAPI document is written from the routes' schemas: every route of the API is in it with its
// parameters and answers, and a route without a schema does not start at all.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { API_PREFIX, enforceSchemas, routeModules, type ApiApp, type MiniAppApiDeps } from './index.js';

/** Every route the API's modules declare, as `METHOD /api/v1/path` (registered without dependencies). */
async function declaredRoutes(): Promise<string[]> {
  const app = Fastify();
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of ([] as string[]).concat(r.method)) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  app.register(
    async (scope) => {
      scope.setValidatorCompiler(validatorCompiler);
      scope.setSerializerCompiler(serializerCompiler);
      for (const register of routeModules) register(scope.withTypeProvider<ZodTypeProvider>() as ApiApp, {} as MiniAppApiDeps);
    },
    { prefix: API_PREFIX },
  );
  await app.ready();
  await app.close();
  return routes.sort();
}

describe('the OpenAPI document of the Mini App API', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists every route with its parameters and its answers, and nothing but the API', async () => {
    const res = await fetch(`${t.platform.url}/api/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: Array<{ in: string; name: string }>; requestBody?: unknown }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const listed = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    const declared = await declaredRoutes();
    expect(declared.length).toBeGreaterThan(0);
    expect(listed).toEqual(declared);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses ?? {}), `${method} ${path}`).toEqual(expect.arrayContaining(['401']));
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          expect(op.parameters?.some((p) => p.in === 'path' && p.name === name), `${method} ${path} documents {${name}}`).toBe(true);
        }
        if (['post', 'put', 'patch'].includes(method)) expect(op.requestBody, `${method} ${path} documents its body`).toBeDefined();
      }
    }
  });

  it('serves a UI to read it', async () => {
    const res = await fetch(`${t.platform.url}/api/docs/`, { redirect: 'follow' });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/swagger/i);
  });

  it('refuses to start with a route that has no schema', async () => {
    const app = Fastify();
    app.register(
      async (scope) => {
        enforceSchemas(scope);
        scope.setValidatorCompiler(validatorCompiler);
        const typed = scope.withTypeProvider<ZodTypeProvider>();
        typed.get('/fine', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({ ok: true }));
        typed.post('/unchecked', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({ ok: true }));
      },
      { prefix: API_PREFIX },
    );
    await expect(app.ready()).rejects.toThrow(/POST \/api\/v1\/unchecked has no body schema/);
  });
});
