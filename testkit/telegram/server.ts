// HTTP front: /bot<token>/<method>, /file/bot<token>/<path>, and /driver/... for the sandbox.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Core } from './core.js';
import { ApiError, notFound, unauthorized } from './errors.js';
import { readParams } from './body.js';
import { Described, METHODS } from './methods/index.js';
import { Params } from './params.js';
import type { BotRecord } from './state.js';
import { serveWebApp } from './web-app-route.js';

export type DriverRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one Bot API call and gives back the reply body and status, as Telegram would answer. */
export async function callMethod(core: Core, bot: BotRecord, method: string, params: Params): Promise<{ status: number; body: unknown }> {
  const entry = METHODS.get(method.toLowerCase());
  if (!entry) return { status: 404, body: notFound().toJSON() };
  const [name, handler] = entry;
  core.countRequest(bot.id, name);
  try {
    const fate = core.faults.decide(bot.id, name);
    if (fate.delayMs > 0) await sleep(fate.delayMs);
    if (fate.error) throw fate.error;
    const result = await handler(core, bot, params);
    if (result instanceof Described) return { status: 200, body: { ok: true, result: result.result, description: result.description } };
    return { status: 200, body: { ok: true, result } };
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(500, 'Internal Server Error');
    if (!(err instanceof ApiError)) core.events.emit('internal-error', err);
    if (e.code === 429) core.count429(bot.id);
    return { status: e.code, body: e.toJSON() };
  }
}

export function createHttpServer(core: Core, driver: DriverRoute): Server {
  core.webhookReply = (botId, method, params) => {
    const bot = core.world.bots.get(botId);
    if (bot) void callMethod(core, bot, method, new Params(params));
  };
  const server = createServer((req, res) => {
    handle(core, driver, req, res).catch((err: unknown) => {
      core.events.emit('internal-error', err);
      if (!res.headersSent) send(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(core: Core, driver: DriverRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname.startsWith('/driver/') || url.pathname === '/driver') return driver(req, res, url);
  if (url.pathname.startsWith('/webapp/') && req.method === 'GET') return serveWebApp(core, res, url);
  const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
  if (file) return serveFile(core, res, decodeURIComponent(file[1]!), decodeURIComponent(file[2]!));
  const m = /^\/bot([^/]*)\/([^/]*)\/?$/.exec(url.pathname);
  if (!m) return send(res, 404, notFound().toJSON());
  const bot = core.world.botsByToken.get(decodeURIComponent(m[1]!));
  if (!bot) {
    req.resume();
    return send(res, 401, unauthorized().toJSON());
  }
  const receivedAt = Date.now();
  let params: Params;
  try {
    params = await readParams(req, url);
    params.receivedAt = receivedAt;
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(400, 'Bad Request: invalid request body');
    return send(res, e.code, e.toJSON());
  }
  const { status, body } = await callMethod(core, bot, m[2]!, params);
  if (!res.destroyed) send(res, status, body);
}

function serveFile(core: Core, res: ServerResponse, token: string, path: string): void {
  const bot = core.world.botsByToken.get(token);
  if (!bot) return send(res, 401, unauthorized().toJSON());
  const id = path.replace(/^documents\//, '').replace(/\.[^.]*$/, '');
  const f = core.files.get(id);
  if (!f) return send(res, 404, notFound().toJSON());
  res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.data.length });
  res.end(f.data);
}
