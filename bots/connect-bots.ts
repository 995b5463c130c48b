import { createHash } from 'node:crypto';
import type { BotRegistry, ResolvedBot } from '../services/bot-registry/index.js';
import type { TelegramConnection } from '../services/platform/config.js';
import type { Logger } from '../services/platform/logger.js';
import type { Registry } from '../services/platform/metrics.js';
import { ALLOWED_UPDATES, type BotRuntime } from './create-bot.js';
import { commandsFor } from './commands.js';
import { startPolling, type PollingHandle } from './polling/start-polling.js';
import { miniAppUrl, type MiniAppEntry } from './mini-app.js';
import { MENU_BUTTON } from './texts.js';

/** The bot role: connects every bot the registry knows at start to Telegram, and each bot announced later
 * (added, or its token rotated) as the announcement arrives, so whoever adds a bot needs to know nothing of
 * webhooks or polling. Webhook mode: `setWebhook` to `/tg/<id>` with the bot's secret. Polling mode: long
 * polling per bot (one process polls: Telegram answers a second getUpdates caller with 409). */
export async function connectBots(options: {
  registry: BotRegistry;
  connection: TelegramConnection;
  /** The shared middleware tree; polling needs it. */
  runtime?: BotRuntime;
  /** Polling holds a getUpdates connection per bot: past this many bots, the others are not polled (logged). */
  pollingMaxBots?: number;
  /** Its failure at start fails the start; another bot's (a revoked white-label token) is logged. */
  mainBotId: number;
  /** When set, each bot's menu button opens the Mini App (`setChatMenuButton`, for all its private chats). */
  miniApp?: MiniAppEntry | null;
  log: Logger;
  metrics: Registry;
}): Promise<{ stop(): Promise<void> }> {
  const { registry, connection, log, metrics } = options;
  // What each bot was connected with, as a digest (of the token too: a token rotated in BotFather reconnects),
  // here and in the directory: an announcement or a restart that changes nothing asks Telegram nothing. The
  // directory's copy is read once at start; webhooks, commands and menu buttons stay set at Telegram across
  // our restarts, so a restart of a deployment with 10,000 bots makes no calls for them.
  const connectedWith = new Map<number, string>();
  const polling = new Map<number, PollingHandle>();
  let stopped = false;

  const digestOf = (bot: ResolvedBot) =>
    createHash('sha256')
      .update([connection.mode, connection.mode === 'webhook' ? connection.publicUrl : '', bot.token, bot.webhookSecret ?? '', bot.apiRoot, bot.modules.join(','),
        bot.branding.texts?.dashboardButton ?? '', options.miniApp ? miniAppUrl(options.miniApp, bot.id) : ''].join('\n'))
      .digest('base64url');

  async function connect(botId: number, force = false): Promise<void> {
    const bot = await registry.resolve(botId);
    if (stopped) return;
    // Disabled (a revoked token) or removed: nothing to set at Telegram, but a polling loop must stop.
    if (!bot || bot.status !== 'active') {
      if (connectedWith.delete(botId)) await registry.markConnected(botId, null);
      await polling.get(botId)?.stop();
      polling.delete(botId);
      return;
    }
    const digest = digestOf(bot);
    // Polling is this process's own loop: a restart always starts it again.
    if (!force && connectedWith.get(botId) === digest && (connection.mode === 'webhook' || polling.has(botId))) return;
    if (connection.mode === 'webhook') await setWebhook(bot, connection.publicUrl);
    else if (!(await poll(bot))) return;
    await setCommands(bot);
    await setMenuButton(bot);
    connectedWith.set(botId, digest);
    if (bot.source === 'added') await registry.markConnected(botId, digest);
  }

  // What the bot's "/" menu lists, from its modules. A refusal is logged, as for the menu button.
  async function setCommands(bot: ResolvedBot): Promise<void> {
    try {
      const api = await registry.api(bot.id);
      const lists = commandsFor(bot.modules);
      await api.setMyCommands(lists.private, { scope: { type: 'all_private_chats' } });
      await api.setMyCommands(lists.groups, { scope: { type: 'all_group_chats' } });
    } catch (error) {
      log.warn({ err: error, botId: bot.id }, 'setting the bot’s commands failed');
    }
  }

  // The bot's default menu button (no chat_id: every private chat without its own). A refusal is logged:
  // the bot still works without it, and the next connect tries again.
  async function setMenuButton(bot: ResolvedBot): Promise<void> {
    if (!options.miniApp) return;
    const url = miniAppUrl(options.miniApp, bot.id);
    try {
      const text = bot.branding.texts?.dashboardButton ?? MENU_BUTTON;
      await (await registry.api(bot.id)).setChatMenuButton({ menu_button: { type: 'web_app', text, web_app: { url } } });
    } catch (error) {
      log.warn({ err: error, botId: bot.id }, 'setting the menu button to the Mini App failed');
    }
  }

  async function setWebhook(bot: ResolvedBot, publicUrl: string): Promise<void> {
    if (!bot.webhookSecret) {
      log.warn({ botId: bot.id }, 'bot has no webhook secret; not connected');
      return;
    }
    const url = new URL(`tg/${bot.id}`, publicUrl).toString();
    await (await registry.api(bot.id)).setWebhook(url, { secret_token: bot.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
    log.info({ bot: bot.me.username, url }, 'webhook set');
  }

  /** False when the bot is past the polling limit and not polled. */
  async function poll(bot: ResolvedBot): Promise<boolean> {
    if (!options.runtime) throw new Error('polling needs the middleware tree');
    const max = options.pollingMaxBots ?? Number.POSITIVE_INFINITY;
    // The main bot is always polled; the limit counts the others.
    if (!polling.has(bot.id) && bot.id !== options.mainBotId && polling.size >= max) {
      log.error({ botId: bot.id, pollingMaxBots: max }, 'not polled: a polling deployment serves at most POLLING_MAX_BOTS bots (use webhooks for more)');
      return false;
    }
    await polling.get(bot.id)?.stop();
    polling.delete(bot.id);
    const made = await options.runtime.pollable(bot.id);
    await made.api.deleteWebhook();
    polling.set(bot.id, startPolling(made, { allowedUpdates: ALLOWED_UPDATES, log: log.child({ component: 'polling', bot: bot.me.username }), metrics }));
    log.info({ bot: bot.me.username }, 'long polling');
    return true;
  }

  // One connection change at a time per bot, in the order announced; bots side by side, a few at a time.
  const lanes = new Map<number, Promise<void>>();
  const serially = (botId: number, work: () => Promise<void>): Promise<void> => {
    const next = (lanes.get(botId) ?? Promise.resolve()).then(work).catch((error: unknown) => log.error({ err: error, botId }, 'connecting a bot to Telegram failed'));
    lanes.set(botId, next);
    void next.then(() => lanes.get(botId) === next && lanes.delete(botId));
    return next;
  };
  const CONNECTING_AT_ONCE = 8;
  const connectAll = async () => {
    const ids = (await registry.list()).filter((id) => id !== options.mainBotId);
    let next = 0;
    const worker = async () => {
      while (!stopped && next < ids.length) {
        const botId = ids[next++]!;
        await serially(botId, () => connect(botId));
      }
    };
    await Promise.all(Array.from({ length: CONNECTING_AT_ONCE }, worker));
  };

  // The main bot's failure at start is the start's failure (a wrong PUBLIC_URL is told at once); it is always
  // set again, being one bot. Added bots connect in the background: the process serves webhooks meanwhile (a
  // bot already connected is served from its first update), and one Telegram refuses keeps no other off the air.
  await connect(options.mainBotId, true);
  if (connection.mode === 'webhook') for (const [botId, digest] of await registry.connections()) connectedWith.set(botId, digest);
  let background = connectAll().catch((error: unknown) => log.error({ err: error }, 'connecting the bots at start failed; each connects at its next announcement'));
  // After a reconnect announcements may have been missed: look for bots not connected yet.
  const unsubscribe = registry.onChange((botId) => {
    if (botId === undefined) background = background.then(connectAll).catch((error: unknown) => log.error({ err: error }, 'connecting the bots failed'));
    else void serially(botId, () => connect(botId));
  });

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      await background;
      await Promise.all(lanes.values());
      for (const handle of polling.values()) await handle.stop();
    },
  };
}
