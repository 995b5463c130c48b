// White-label bots: clients run Warhorn under their own bot. The directory itself is the bot registry's
// (services/bot-registry: rows, sealed tokens, the per-process cache and its announcements); this service is
// what owners do with it: register a bot, brand it, choose its modules, remove it, and what happens when
// Telegram stops taking its token. See README.md.
import { GrammyError, HttpError } from 'grammy';
import {
  BOT_MODULES, BotAlreadyRegisteredError, BotIdentityMismatchError, TokenEncryptionOffError,
  type BotBranding, type BotModule, type BotProfile,
} from '../bot-registry/index.js';
import type { WhitelabelDeps } from './deps.js';
import { checkBranding } from './branding.js';
import { looksLikeBotToken } from './token-shape.js';
import { confirmRevoked } from './revoked.js';
import { chatId } from '../platform/telegram-ids.js';

export type { WhitelabelDeps } from './deps.js';
export type { WhitelabelMessages } from './messages.js';
export type { WhitelabelHistoryEvent } from './history-events.js';
export { BRAND_TEXT_LIMITS, checkBranding, type BrandingCheck } from './branding.js';
export { findBotToken, looksLikeBotToken } from './token-shape.js';

/** Why a registration or a change was refused: a code for the API and the bot, a sentence for people. */
export type Refusal =
  | 'malformed_token' | 'not_a_bot_token' | 'already_registered' | 'main_bot' | 'limit_reached' | 'encryption_off'
  | 'telegram_unreachable' | 'bad_modules' | 'bad_branding' | 'not_found' | 'not_owner';

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal; message: string; field?: string };

export interface RegisterInput {
  ownerId: number;
  token: string;
  modules?: readonly string[];
  branding?: unknown;
}

export interface Whitelabel {
  /** Checks the token with Telegram (getMe), refuses one already registered, seals and stores it, and
   * announces the bot: every process serves it within moments (the bot role sets its webhook, commands and
   * menu button). No restart anywhere. */
  register(input: RegisterInput): Promise<Outcome<BotProfile>>;
  /** The owner's bots (not removed ones). */
  bots(ownerId: number): Promise<BotProfile[]>;
  /** One of the owner's bots. */
  bot(ownerId: number, botId: number): Promise<Outcome<BotProfile>>;
  setModules(ownerId: number, botId: number, modules: readonly string[]): Promise<Outcome<BotProfile>>;
  setBranding(ownerId: number, botId: number, branding: unknown): Promise<Outcome<BotProfile>>;
  /** Deletes the bot's webhook, wipes its token and secret, keeps its row (the history names it). */
  remove(ownerId: number, botId: number): Promise<Outcome<BotProfile>>;
  /** Called when Telegram answered 401 for a bot: confirmed with getMe, then the bot is disabled (its
   * webhook updates refused, its queued messages failed, its polling stopped) and its owner told by the main
   * bot. The main bot is never disabled: its token is the operator's configuration. */
  unauthorized(botId: number): Promise<void>;
  /** `warhorn tokens rotate`: every token sealed again under TOKEN_ENCRYPTION_KEY. */
  rotateTokens(): Promise<{ resealed: number; unreadable: number[] }>;
}

const refuse = (refusal: Refusal, message: string, field?: string): { ok: false; refusal: Refusal; message: string; field?: string } =>
  ({ ok: false, refusal, message, ...(field ? { field } : {}) });

export function checkModules(modules: readonly string[]): Outcome<BotModule[]> {
  const unknown = modules.filter((m) => !(BOT_MODULES as readonly string[]).includes(m));
  if (unknown.length) return refuse('bad_modules', `unknown module ${unknown.join(', ')}: choose from ${BOT_MODULES.join(', ')}`, 'modules');
  if (modules.length === 0) return refuse('bad_modules', `a bot needs at least one module: ${BOT_MODULES.join(', ')}`, 'modules');
  return { ok: true, value: BOT_MODULES.filter((m) => modules.includes(m)) };
}

export function createWhitelabel(deps: WhitelabelDeps): Whitelabel {
  const { registry, db, history, log } = deps;

  async function owned(ownerId: number, botId: number): Promise<Outcome<BotProfile>> {
    const profile = await registry.profile(botId);
    if (!profile || profile.status === 'removed') return refuse('not_found', `no bot ${botId}`);
    if (profile.ownerId !== ownerId) return refuse('not_owner', `bot ${botId} is not yours`);
    return { ok: true, value: profile };
  }

  async function change(ownerId: number, botId: number, update: { modules?: BotModule[]; branding?: BotBranding }): Promise<Outcome<BotProfile>> {
    const mine = await owned(ownerId, botId);
    if (!mine.ok) return mine;
    const changed = await db.transaction(async (tx) => {
      const profile = await registry.update(botId, update, tx);
      if (!profile) return undefined;
      await history.append(tx, {
        actor: { kind: 'user', id: String(ownerId) },
        action: 'whitelabel.bot_changed',
        subject: { kind: 'bot', id: String(botId) },
        data: update.modules ? { what: 'modules', modules: [...update.modules] } : { what: 'branding' },
      });
      return profile;
    });
    if (!changed) return refuse('not_found', `no bot ${botId}`);
    await registry.announce(botId);
    return { ok: true, value: changed };
  }

  return {
    async register(input) {
      const token = input.token.trim();
      if (!looksLikeBotToken(token)) return refuse('malformed_token', 'that is not a bot token: BotFather gives one like 123456789:AAE…, 35 characters after the colon', 'token');
      const modules = checkModules(input.modules ?? ['raids']);
      if (!modules.ok) return modules;
      const branding = input.branding === undefined ? { ok: true as const, branding: {} } : checkBranding(input.branding);
      if (!branding.ok) return refuse('bad_branding', branding.message, `branding.${branding.field}`);
      const owned = await registry.ownedBy(input.ownerId);
      // Bringing back one's own disabled bot with its new token is no new bot.
      const again = owned.some((b) => String(b.id) === token.split(':')[0]);
      if (!again && owned.length >= deps.perOwner) {
        return refuse('limit_reached', `you have ${deps.perOwner} bots already, the most one person may register here`);
      }
      try {
        const bot = await db.transaction(async (tx) => {
          const added = await registry.add({ token, ownerId: input.ownerId, modules: modules.value, branding: branding.branding, mustBeNew: true }, tx);
          await history.append(tx, {
            actor: { kind: 'user', id: String(input.ownerId) },
            action: 'whitelabel.bot_registered',
            subject: { kind: 'bot', id: String(added.id) },
            data: { username: added.me.username, ownerId: String(input.ownerId), modules: [...added.modules] },
          });
          return added;
        });
        await registry.announce(bot.id);
        const { token: _t, webhookSecret: _s, apiRoot: _r, updateEpoch: _e, ...profile } = bot;
        return { ok: true, value: profile };
      } catch (error) {
        if (error instanceof BotAlreadyRegisteredError) return refuse('already_registered', 'this bot is already registered with Warhorn', 'token');
        if (error instanceof TokenEncryptionOffError) return refuse('encryption_off', 'this Warhorn cannot take bots yet: its operator has not set TOKEN_ENCRYPTION_KEY');
        if (error instanceof BotIdentityMismatchError) return refuse('not_a_bot_token', 'Telegram answered for another bot than this token names', 'token');
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
          return refuse('not_a_bot_token', 'Telegram does not know this token: copy it again from BotFather (/mybots → API Token)', 'token');
        }
        if (error instanceof HttpError) return refuse('telegram_unreachable', 'Telegram could not be reached to check the token; try again in a minute');
        if (error instanceof Error && /main bot/.test(error.message)) return refuse('main_bot', 'this is the platform’s own bot', 'token');
        throw error;
      }
    },
    bots: (ownerId) => registry.ownedBy(ownerId),
    bot: owned,
    async setModules(ownerId, botId, modules) {
      const checked = checkModules(modules);
      if (!checked.ok) return checked;
      return change(ownerId, botId, { modules: checked.value });
    },
    async setBranding(ownerId, botId, input) {
      const checked = checkBranding(input);
      if (!checked.ok) return refuse('bad_branding', checked.message, checked.field);
      return change(ownerId, botId, { branding: checked.branding });
    },
    async remove(ownerId, botId) {
      const mine = await owned(ownerId, botId);
      if (!mine.ok) return mine;
      // While the token still works: afterwards nothing could tell Telegram to stop calling our webhook.
      try {
        if (mine.value.status === 'active') await (await registry.api(botId)).deleteWebhook();
      } catch (error) {
        log.warn({ err: error, botId }, 'deleting a removed bot’s webhook failed; its updates will be refused');
      }
      await db.transaction(async (tx) => {
        await registry.remove(botId, 'removed by its owner', tx);
        await history.append(tx, { actor: { kind: 'user', id: String(ownerId) }, action: 'whitelabel.bot_removed', subject: { kind: 'bot', id: String(botId) }, data: { by: 'owner' } });
      });
      await registry.announce(botId);
      return { ok: true, value: { ...mine.value, status: 'removed' } };
    },
    async unauthorized(botId) {
      const bot = await registry.resolve(botId);
      if (!bot || bot.status !== 'active') return;
      if (bot.source === 'config') {
        log.error({ botId }, 'Telegram answered 401 for the main bot: BOT_TOKEN was revoked; set the new token and restart');
        return;
      }
      // One 401 could come from a proxy in between; getMe with the same token is Telegram's word.
      if (!(await confirmRevoked(bot))) return;
      const reason = 'Telegram answered 401 Unauthorized: the token was revoked in BotFather';
      const disabled = await db.transaction(async (tx) => {
        if (!(await registry.disable(botId, reason, tx))) return false;
        await history.append(tx, { actor: { kind: 'system' }, action: 'whitelabel.bot_disabled', subject: { kind: 'bot', id: String(botId) }, data: { reason } });
        if (bot.ownerId !== undefined) {
          await deps.notifications.enqueue(tx, { botId: deps.mainBotId, chatId: chatId(bot.ownerId), method: 'sendMessage', payload: deps.messages.revoked({ ...bot, status: 'disabled', statusReason: reason }) });
        }
        return true;
      });
      if (disabled) await registry.announce(botId);
    },
    async rotateTokens() {
      const { resealed, unreadable } = await registry.resealTokens();
      return { resealed: resealed.length, unreadable };
    },
  };
}
