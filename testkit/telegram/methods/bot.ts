// Bot identity, commands, menu button, callback answers, updates and webhooks.
import { CALLBACK_TTL_MS } from '../core.js';
import { badRequest } from '../errors.js';
import { Described, chatFor, checkWebAppUrl, type Handler } from './common.js';

const getMe: Handler = (core, bot) => ({
  id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username, can_join_groups: bot.canJoinGroups,
  can_read_all_group_messages: !bot.privacyMode, supports_inline_queries: false, can_connect_to_business: false,
  has_main_web_app: false,
});

const scopeKey = (p: Parameters<Handler>[2]) =>
  `${JSON.stringify(p.json('scope') ?? { type: 'default' })}|${p.str('language_code') ?? ''}`;

const setMyCommands: Handler = (core, bot, p) => {
  const commands = p.json<Array<{ command?: unknown; description?: unknown }>>('commands', 'commands JSON object');
  if (!Array.isArray(commands)) throw badRequest('commands is empty');
  if (commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  for (const c of commands) {
    if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
  }
  bot.commands.set(scopeKey(p), commands.map((c) => ({ command: c.command, description: c.description })));
  return true;
};

const getMyCommands: Handler = (core, bot, p) => bot.commands.get(scopeKey(p)) ?? [];

const deleteMyCommands: Handler = (core, bot, p) => {
  bot.commands.delete(scopeKey(p));
  return true;
};

const setChatMenuButton: Handler = (core, bot, p) => {
  const button = p.json<Record<string, unknown>>('menu_button', 'menu button JSON object') ?? { type: 'default' };
  if (!['commands', 'web_app', 'default'].includes(String(button.type))) throw badRequest('unsupported menu button type');
  if (button.type === 'web_app') checkWebAppUrl((button.web_app as { url?: unknown } | undefined)?.url);
  bot.menuButton.set(p.int('chat_id') ?? 0, button);
  return true;
};

const getChatMenuButton: Handler = (core, bot, p) => {
  const b = (bot.menuButton.get(p.int('chat_id') ?? 0) ?? bot.menuButton.get(0)) as { type?: string } | undefined;
  return !b || b.type === 'default' ? { type: 'commands' } : b;
};

const answerCallbackQuery: Handler = (core, bot, p) => {
  const q = core.callbacks.get(p.str('callback_query_id') ?? '');
  if (!q || q.botId !== bot.id || q.answered || core.world.clock.nowMs() - q.created > CALLBACK_TTL_MS) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  const text = p.str('text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  q.answered = true;
  q.answer = {};
  if (text) q.answer.text = text;
  if (p.bool('show_alert')) q.answer.show_alert = true;
  const url = p.str('url');
  if (url) q.answer.url = url;
  for (const f of q.onAnswer.splice(0)) f();
  return true;
};

const ok: Handler = () => true;

const getUpdates: Handler = (core, bot, p) =>
  bot.updates.getUpdates({
    offset: p.int('offset'), limit: p.int('limit'), timeout: p.int('timeout'),
    allowed_updates: p.json('allowed_updates', 'allowed_updates JSON object'),
  });

const SECRET = /^[A-Za-z0-9_-]{1,256}$/;

const setWebhook: Handler = (core, bot, p) => {
  const url = p.str('url') ?? '';
  const q = bot.updates;
  if (p.has('allowed_updates')) q.setAllowed(p.json('allowed_updates', 'allowed_updates JSON object'));
  if (p.bool('drop_pending_updates')) q.dropPending();
  if (url === '') {
    const had = !!q.webhook;
    q.deleteWebhook();
    return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
  }
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error('scheme');
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  const secret = p.str('secret_token');
  if (secret !== undefined && secret !== '' && !SECRET.test(secret)) throw badRequest('secret token contains unallowed characters');
  const max = p.int('max_connections') ?? 40;
  if (max < 1 || max > 100) throw badRequest('bad webhook: max_connections must be between 1 and 100');
  const same = q.webhook?.url === url && q.webhook.secretToken === (secret || undefined) && q.webhook.maxConnections === max;
  if (same) return new Described(true, 'Webhook is already set');
  q.setWebhook({ url, secretToken: secret || undefined, maxConnections: max });
  return new Described(true, 'Webhook was set');
};

const deleteWebhook: Handler = (core, bot, p) => {
  const had = !!bot.updates.webhook;
  if (p.bool('drop_pending_updates')) bot.updates.dropPending();
  bot.updates.deleteWebhook();
  return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
};

const getWebhookInfo: Handler = (core, bot) => webhookInfo(bot);

export function webhookInfo(bot: Parameters<Handler>[1]): Record<string, unknown> {
  const q = bot.updates;
  const info: Record<string, unknown> = { url: q.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: q.pendingCount };
  if (q.webhook) {
    info.max_connections = q.webhook.maxConnections;
    info.ip_address = '127.0.0.1';
    if (q.lastError) {
      info.last_error_date = q.lastError.date;
      info.last_error_message = q.lastError.message;
    }
    const allowed = q.allowedList();
    if (allowed) info.allowed_updates = allowed;
  }
  return info;
}

export const botMethods: Record<string, Handler> = {
  getMe, setMyCommands, getMyCommands, deleteMyCommands, setChatMenuButton, getChatMenuButton, answerCallbackQuery,
  getUpdates, setWebhook, deleteWebhook, getWebhookInfo, close: ok, logOut: ok, setMyDescription: ok,
  setMyShortDescription: ok, setMyName: ok,
  sendChatAction: (core, bot, p) => (chatFor(core, bot, p, 'send'), true),
};
