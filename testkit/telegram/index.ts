// Telegram Bot API emulator: an HTTP server speaking the Bot API for several bots, plus a driver
// that acts as people. See README.md.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Core } from './core.js';
import { Driver } from './driver.js';
import { driverRoute } from './driver-http.js';
import type { Fault } from './faults.js';
import type { FloodLimits } from './flood.js';
import { createHttpServer } from './server.js';
import { webAppInitData } from './web-app-route.js';
import type { WebAppTheme } from './web-app-host.js';
import type { Server } from 'node:http';
import type { Message } from './types.js';

export { DEFAULT_FLOOD_LIMITS, type FloodLimits } from './flood.js';
export type { Fault } from './faults.js';
export type { EmulatorClock } from './clock.js';
export type { ChatMessage, ChatDetails, ButtonPress } from './driver.js';
export type { EmuBot, EmuUser, EmuChat, ChatRef, PrivateRef } from './driver-members.js';
export type { EmuChannel } from './driver-channels.js';
export type * from './types.js';
export { DriverError } from './errors.js';
export type { Stats } from './core.js';
export { initDataHash, initDataPairs, signInitData, type InitDataFields, type InitDataUser } from './init-data.js';
export { THEME_PARAMS, launchHash, type WebAppTheme } from './web-app-host.js';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** true (default): Telegram-like limits; false: off; an object: on, with these limits. */
  floodLimits?: boolean | Partial<FloodLimits>;
  /** First webhook retry delay after a failure (doubles up to 60 s). Default 1000. */
  webhookRetryMs?: number;
  /** How long a webhook call may take before it counts as failed. Default 10000. */
  webhookTimeoutMs?: number;
}

export interface BotMessageEvent { botId: number; chatId: number; message: Message }
export type EmulatorEvent = 'bot-message' | 'bot-edit' | 'bot-delete' | 'user-message' | 'internal-error';

export class TelegramEmulator extends Driver {
  apiRoot = '';
  /** Different at every start. Update ids begin at 1 again with each emulator (Telegram's never repeat for a
   * bot), so anything that remembers processed update ids must tell the runs apart by this. */
  readonly runId = randomUUID();
  private server?: Server;
  private feedLog: Array<BotMessageEvent & { seq: number }> = [];
  private seq = 0;

  constructor(core: Core) {
    super(core);
    core.events.on('bot-message', (e: BotMessageEvent) => {
      this.feedLog.push({ ...e, seq: ++this.seq });
      if (this.feedLog.length > 1000) this.feedLog.shift();
    });
  }

  async listen(port: number, host: string): Promise<void> {
    this.server = createHttpServer(this.core, driverRoute(() => this));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.apiRoot = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  }

  on(event: EmulatorEvent, listener: (e: any) => void): this {
    this.core.events.on(event, listener);
    return this;
  }

  off(event: EmulatorEvent, listener: (e: any) => void): this {
    this.core.events.off(event, listener);
    return this;
  }

  setFloodLimits(on: boolean | Partial<FloodLimits>): void {
    this.core.flood.configure(on);
  }

  injectFault(fault: Fault): void {
    this.core.faults.add(fault);
  }

  clearFaults(): void {
    this.core.faults.clear();
  }

  /** Bot messages after sequence number `after`, waiting up to timeoutSec for one (sandbox console). */
  async feed(after: number, timeoutSec = 0): Promise<Array<BotMessageEvent & { seq: number }>> {
    const pick = () => this.feedLog.filter((e) => e.seq > after);
    if (pick().length || timeoutSec <= 0) return pick();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.core.events.off('bot-message', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(timeoutSec, 60) * 1000);
      this.core.events.on('bot-message', done);
    });
    return pick();
  }

  /** initData for a person opening a bot's Mini App, signed with the bot's token as Telegram does. `chatId`:
   * opened from a group's t.me link (adds chat_type and chat_instance). */
  webAppInitData(botId: number, userId: number, options: { startParam?: string; chatId?: number; authDate?: number } = {}): string {
    return webAppInitData(this.core, botId, userId, options);
  }

  /** The page of this emulator that opens `appUrl` as Telegram Web would, as `userId`, in a theme. */
  webAppUrl(botId: number, userId: number, appUrl: string, options: { theme?: WebAppTheme; startParam?: string; chatId?: number } = {}): string {
    const url = new URL(`/webapp/${botId}`, this.apiRoot);
    url.searchParams.set('user', String(userId));
    url.searchParams.set('url', appUrl);
    url.searchParams.set('theme', options.theme ?? 'light');
    if (options.startParam) url.searchParams.set('startapp', options.startParam);
    if (options.chatId !== undefined) url.searchParams.set('chat', String(options.chatId));
    return url.toString();
  }

  /** Everything that exists, for the sandbox. */
  overview() {
    const w = this.core.world;
    return {
      apiRoot: this.apiRoot,
      bots: [...w.bots.values()].map((b) => ({ id: b.id, username: b.username, token: b.token, privacyMode: b.privacyMode })),
      users: [...w.users.values()],
      groups: [...w.groups.values()].map((g) => ({ id: g.id, type: g.type, title: g.title, migratedTo: g.migratedTo })),
      privateChats: [...w.privates.values()].map((c) => ({ userId: c.userId, botId: c.botId, started: c.started, blocked: c.blocked })),
    };
  }

  async close(): Promise<void> {
    for (const bot of this.core.world.bots.values()) bot.updates.close();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export async function startTelegramEmulator(options: EmulatorOptions = {}): Promise<TelegramEmulator> {
  const core = new Core({ webhookRetryMs: options.webhookRetryMs ?? 1000, webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000 });
  core.flood.configure(options.floodLimits ?? true);
  const emulator = new TelegramEmulator(core);
  await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return emulator;
}
