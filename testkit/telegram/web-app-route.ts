// GET /webapp/<botId>?user=<id>&url=<app URL>[&theme=light|dark][&startapp=...][&chat=<chat id>]: the page a
// Telegram client shows when a person opens a bot's Mini App, with initData signed for that person by that
// bot's token (web-app-host.ts draws it). The real clients open HTTPS apps only; this one opens http too, for
// a Mini App served on localhost by the sandbox and the browser tests.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Core } from './core.js';
import { signInitData, type InitDataFields } from './init-data.js';
import { webAppHostPage, type WebAppTheme } from './web-app-host.js';

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/** initData for `userId` opening `botId`'s Mini App, signed as Telegram signs it. */
export function webAppInitData(core: Core, botId: number, userId: number, options: { startParam?: string; chatId?: number; authDate?: number } = {}): string {
  const bot = core.world.bots.get(botId);
  if (!bot) throw new Error(`no bot ${botId}`);
  const u = core.world.users.get(userId);
  if (!u) throw new Error(`no user ${userId}`);
  const user: InitDataFields['user'] = { id: u.id, first_name: u.firstName, allows_write_to_pm: true };
  if (u.lastName) user.last_name = u.lastName;
  if (u.username) user.username = u.username;
  if (u.languageCode) user.language_code = u.languageCode;
  if (u.isPremium) user.is_premium = true;
  const fields: InitDataFields = { user, ...(options.startParam ? { startParam: options.startParam } : {}), ...(options.authDate ? { authDate: options.authDate } : {}) };
  if (options.chatId !== undefined) {
    const chat = core.world.groups.get(options.chatId);
    if (!chat) throw new Error(`no group ${options.chatId}`);
    fields.chatType = chat.type === 'private' ? 'private' : chat.type;
    // Telegram's chat_instance is an opaque, stable id of the chat as this bot sees it.
    fields.chatInstance = BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(`${botId}:${chat.id}`).digest('hex').slice(0, 16)}`)).toString();
  }
  return signInitData(bot.token, fields);
}

export function serveWebApp(core: Core, res: ServerResponse, url: URL): void {
  const botId = Number(/^\/webapp\/(\d+)\/?$/.exec(url.pathname)?.[1]);
  const bot = core.world.bots.get(botId);
  if (!bot) return refuse(res, 404, 'no such bot');
  const userId = Number(url.searchParams.get('user'));
  if (!core.world.users.has(userId)) return refuse(res, 400, 'user= must name a person of the emulator');
  let appUrl: URL;
  try {
    appUrl = new URL(url.searchParams.get('url') ?? '');
  } catch {
    return refuse(res, 400, 'url= must be the Mini App URL');
  }
  if (appUrl.protocol !== 'https:' && appUrl.protocol !== 'http:') return refuse(res, 400, 'url= must be an http(s) URL');
  const theme: WebAppTheme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
  const startParam = url.searchParams.get('startapp') ?? undefined;
  const chat = url.searchParams.get('chat');
  let initData: string;
  try {
    initData = webAppInitData(core, botId, userId, { ...(startParam ? { startParam } : {}), ...(chat ? { chatId: Number(chat) } : {}) });
  } catch (error) {
    return refuse(res, 400, (error as Error).message);
  }
  const html = webAppHostPage({ appUrl: appUrl.toString(), initData, theme, title: bot.firstName, ...(startParam ? { startParam } : {}) });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}
