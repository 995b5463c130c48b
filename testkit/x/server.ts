// HTTPS front: routing by template, auth (app Bearer token or OAuth 2.0 user token), injected faults,
// rate limits with their headers, request counting; /i/oauth2 and /2/oauth2 for the login flow and
// /__driver/... for the sandbox.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx, Handler, Viewer } from './endpoints/context.js';
import { searchRecent } from './endpoints/search.js';
import { likingUsers, lookupMany, lookupOne, quoteTweets, retweetedBy } from './endpoints/tweets.js';
import { byId, byIds, byUsername, byUsernames, me, userTweets } from './endpoints/users.js';
import { faultProblem, HttpProblem, internalError, unauthorized } from './errors.js';
import type { Faults } from './faults.js';
import type { OAuth } from './oauth.js';
import type { EndpointName, RateLimiter } from './rate-limits.js';
import type { World } from './world.js';

export interface RequestRecord { at: string; endpoint: string; path: string; query: string; status: number; principal?: string }

export interface ServerState {
  world: World;
  oauth: OAuth;
  limits: RateLimiter;
  faults: Faults;
  bearerToken: string;
  counts: Map<string, number>;
  log: RequestRecord[];
}

export type DriverRoute = (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => Promise<void>;

const ROUTES: Array<[EndpointName, RegExp, Handler]> = [
  ['GET /2/tweets/search/recent', /^\/2\/tweets\/search\/recent$/, searchRecent],
  ['GET /2/tweets/:id/liking_users', /^\/2\/tweets\/(?<id>[^/]+)\/liking_users$/, likingUsers],
  ['GET /2/tweets/:id/retweeted_by', /^\/2\/tweets\/(?<id>[^/]+)\/retweeted_by$/, retweetedBy],
  ['GET /2/tweets/:id/quote_tweets', /^\/2\/tweets\/(?<id>[^/]+)\/quote_tweets$/, quoteTweets],
  ['GET /2/tweets/:id', /^\/2\/tweets\/(?<id>[^/]+)$/, lookupOne],
  ['GET /2/tweets', /^\/2\/tweets$/, lookupMany],
  ['GET /2/users/by/username/:username', /^\/2\/users\/by\/username\/(?<username>[^/]+)$/, byUsername],
  ['GET /2/users/by', /^\/2\/users\/by$/, byUsernames],
  ['GET /2/users/me', /^\/2\/users\/me$/, me],
  ['GET /2/users/:id/tweets', /^\/2\/users\/(?<id>[^/]+)\/tweets$/, userTweets],
  ['GET /2/users/:id', /^\/2\/users\/(?<id>[^/]+)$/, byId],
  ['GET /2/users', /^\/2\/users$/, byIds],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseForm(body: string, contentType: string | undefined): Record<string, string> {
  if ((contentType ?? '').includes('json')) {
    try {
      const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
      return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function createXServer(state: ServerState, tls: { key: string; cert: string }, driver: DriverRoute): Server {
  return createServer(tls, (req, res) => {
    handle(state, driver, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const p = err instanceof HttpProblem ? err : internalError();
        sendJson(res, p.status, p.body, p.headers);
      }
    });
  });
}

async function handle(state: ServerState, driver: DriverRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://x-fake');
  const path = url.pathname.replace(/\/$/, '') || '/';
  const body = await readBody(req);
  if (path === '/__driver' || path.startsWith('/__driver/')) return driver(req, res, url, body);

  const count = (endpoint: string) => state.counts.set(endpoint, (state.counts.get(endpoint) ?? 0) + 1);
  const record = (endpoint: string, status: number, principal?: string) =>
    state.log.push({ at: state.world.now().toISOString(), endpoint, path, query: url.search, status, principal });

  if (req.method === 'GET' && path === '/i/oauth2/authorize') {
    count('GET /i/oauth2/authorize');
    const out = state.oauth.authorize(url.searchParams);
    record('GET /i/oauth2/authorize', out.status);
    res.writeHead(out.status, out.headers);
    return void res.end(out.body);
  }
  if (req.method === 'POST' && (path === '/2/oauth2/token' || path === '/2/oauth2/revoke')) {
    const endpoint = `POST ${path}`;
    count(endpoint);
    const fault = state.faults.take(endpoint);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    try {
      if (fault?.status) throw faultProblem(fault.status);
      const form = parseForm(body, req.headers['content-type']);
      const out = path.endsWith('token') ? state.oauth.token(form, req.headers.authorization) : state.oauth.revoke(form, req.headers.authorization);
      record(endpoint, 200);
      return sendJson(res, 200, out, { 'cache-control': 'no-store' });
    } catch (err) {
      const p = err instanceof HttpProblem ? err : internalError();
      record(endpoint, p.status);
      return sendJson(res, p.status, p.body);
    }
  }

  const route = req.method === 'GET' ? ROUTES.find(([, re]) => re.test(path)) : undefined;
  if (!route) {
    record(`${req.method} ${path}`, 404);
    return sendJson(res, 404, { title: 'Not Found Error', detail: 'Not Found', type: 'about:blank', status: 404 });
  }
  const [endpoint, re, handler] = route;
  count(endpoint);
  const viewer = authenticate(state, req.headers.authorization);
  if (!viewer) {
    record(endpoint, 401);
    const p = unauthorized();
    return sendJson(res, p.status, p.body);
  }
  const fault = state.faults.take(endpoint);
  if (fault?.latencyMs) await sleep(fault.latencyMs);
  if (fault?.status) {
    const p = faultProblem(fault.status);
    const headers = fault.status === 429 ? state.limits.exhausted(endpoint, viewer.principal) : {};
    record(endpoint, p.status, viewer.principal);
    return sendJson(res, p.status, p.body, headers);
  }
  const verdict = state.limits.take(endpoint, viewer.principal);
  if (!verdict.allowed) {
    const p = faultProblem(429);
    record(endpoint, 429, viewer.principal);
    return sendJson(res, 429, p.body, verdict.headers);
  }
  const params = Object.fromEntries(Object.entries(re.exec(path)!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
  const ctx: Ctx = { world: state.world, q: url.searchParams, params, viewer };
  try {
    const out = handler(ctx);
    record(endpoint, 200, viewer.principal);
    sendJson(res, 200, out, verdict.headers);
  } catch (err) {
    const p = err instanceof HttpProblem ? err : internalError();
    if (!(err instanceof HttpProblem)) console.error('x fake: handler failed', err);
    record(endpoint, p.status, viewer.principal);
    sendJson(res, p.status, p.body, verdict.headers);
  }
}

function authenticate(state: ServerState, header: string | undefined): Viewer | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const token = m[1]!.trim();
  if (token === state.bearerToken || decodeURIComponent(token) === state.bearerToken) {
    return { kind: 'app', userId: state.world.appAccountId, principal: 'app' };
  }
  const userId = state.oauth.userFor(token);
  return userId ? { kind: 'user', userId, principal: `user:${userId}` } : undefined;
}
