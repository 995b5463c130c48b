// The driver over HTTP, for a person in the sandbox (or tests in another process). JSON in, JSON out:
// { ok: true, result } or { ok: false, error } with a 4xx status. See README for the list.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body.js';
import { DriverError } from './errors.js';
import type { ChatRef } from './driver-members.js';
import type { TelegramEmulator } from './index.js';
import { send } from './server.js';

type Args = Record<string, any>;
type Route = (e: TelegramEmulator, a: Args) => unknown;

const ref = (a: Args): ChatRef =>
  a.chatId === undefined && a.userId !== undefined && a.botId !== undefined
    ? { userId: Number(a.userId), botId: Number(a.botId) }
    : Number(a.chatId);

const ROUTES: Record<string, Route> = {
  'GET /driver/state': (e) => e.overview(),
  'POST /driver/bots': (e, a) => e.createBot(a as Parameters<TelegramEmulator['createBot']>[0]),
  'POST /driver/users': (e, a) => e.createUser(a as Parameters<TelegramEmulator['createUser']>[0]),
  'POST /driver/groups': (e, a) => e.createGroup(a as Parameters<TelegramEmulator['createGroup']>[0]),
  'POST /driver/bots/revoke': (e, a) => (e.revokeToken(Number(a.botId)), true),
  'POST /driver/bots/regenerate': (e, a) => ({ token: e.regenerateToken(Number(a.botId)) }),
  'POST /driver/start': (e, a) => e.startBot(Number(a.userId), Number(a.botId), a.payload),
  'POST /driver/block': (e, a) => (e.blockBot(Number(a.userId), Number(a.botId)), true),
  'POST /driver/send': (e, a) => e.sendMessage(Number(a.userId), Number(a.chatId), String(a.text ?? ''), { replyToMessageId: a.replyToMessageId, entities: a.entities }),
  'POST /driver/edit': (e, a) => e.editMessage(Number(a.userId), Number(a.chatId), Number(a.messageId), String(a.text ?? '')),
  'POST /driver/press': (e, a) => e.pressButton(Number(a.userId), Number(a.chatId), Number(a.messageId), String(a.data), { timeoutMs: a.timeoutMs, unchecked: a.unchecked === true }),
  'POST /driver/members/add': (e, a) => (e.addMember(Number(a.chatId), Number(a.userId), a.byUserId), true),
  'POST /driver/members/join': (e, a) => (e.joinGroup(Number(a.userId), Number(a.chatId)), true),
  'GET /driver/member': (e, a) => e.chatMember(Number(a.chatId), Number(a.userId)),
  'GET /driver/deleted': (e, a) => e.deleted(ref(a)),
  'POST /driver/members/leave': (e, a) => (e.leaveChat(Number(a.chatId), Number(a.userId)), true),
  'POST /driver/members/ban': (e, a) => (e.banMember(Number(a.chatId), Number(a.userId), Number(a.byUserId)), true),
  'POST /driver/members/promote': (e, a) => (e.promote(Number(a.chatId), Number(a.id), Number(a.byUserId), a.rights), true),
  'POST /driver/members/demote': (e, a) => (e.demote(Number(a.chatId), Number(a.id), Number(a.byUserId)), true),
  'POST /driver/groups/add-bot': (e, a) =>
    (e.addBotToGroup(Number(a.chatId), Number(a.botId), Number(a.byUserId), { admin: a.admin, rights: a.rights }), true),
  'POST /driver/groups/remove-bot': (e, a) => (e.removeBotFromGroup(Number(a.chatId), Number(a.botId), Number(a.byUserId)), true),
  'POST /driver/groups/upgrade': (e, a) => e.upgradeToSupergroup(Number(a.chatId), a.byUserId),
  'POST /driver/channels': (e, a) => e.createChannel(a as Parameters<TelegramEmulator['createChannel']>[0]),
  'POST /driver/channels/add-bot': (e, a) =>
    (e.addBotToChannel(Number(a.chatId), Number(a.botId), { admin: a.admin, rights: a.rights, byUserId: a.byUserId }), true),
  'POST /driver/channels/remove-bot': (e, a) => (e.removeBotFromChannel(Number(a.chatId), Number(a.botId), a.byUserId), true),
  'POST /driver/channels/join': (e, a) => (e.joinChannel(Number(a.userId), Number(a.chatId)), true),
  'POST /driver/channels/leave': (e, a) => (e.leaveChannel(Number(a.userId), Number(a.chatId)), true),
  'POST /driver/channels/post': (e, a) => e.postToChannel(Number(a.chatId), String(a.text ?? ''), { byUserId: a.byUserId }),
  'GET /driver/messages': (e, a) => e.messages(ref(a), { limit: a.limit ? Number(a.limit) : undefined }),
  'GET /driver/chat': (e, a) => e.chat(ref(a)),
  'GET /driver/events': (e, a) => e.feed(Number(a.after ?? 0), Number(a.timeout ?? 0)),
  'GET /driver/stats': (e) => e.stats(),
  'POST /driver/stats/reset': (e) => (e.resetStats(), true),
  'GET /driver/webhook': (e, a) => e.webhookInfo(Number(a.botId)),
  'POST /driver/flood': (e, a) => (e.setFloodLimits(a.limits ?? a.on ?? true), true),
  'POST /driver/faults': (e, a) => (e.injectFault(a), true),
  'POST /driver/faults/clear': (e) => (e.clearFaults(), true),
};

export function driverRoute(emulator: () => TelegramEmulator) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const route = ROUTES[`${req.method} ${url.pathname.replace(/\/$/, '')}`];
    const body = await readBody(req);
    if (!route) return send(res, 404, { ok: false, error: `no driver endpoint ${req.method} ${url.pathname}` });
    let args: Args = Object.fromEntries(url.searchParams);
    if (body.length) {
      try {
        args = { ...args, ...(JSON.parse(body.toString('utf8')) as Args) };
      } catch {
        return send(res, 400, { ok: false, error: 'body must be JSON' });
      }
    }
    try {
      send(res, 200, { ok: true, result: (await route(emulator(), args)) ?? null });
    } catch (err) {
      const status = err instanceof DriverError ? err.status : 400;
      send(res, status, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
}
