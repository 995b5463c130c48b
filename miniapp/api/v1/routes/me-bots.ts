import { z } from 'zod';
import type { BotProfile } from '../../../../services/bot-registry/index.js';
import type { Refusal, Whitelabel } from '../../../../services/whitelabel/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';

// The white-label bots a person owns, and the generator's steps: register (the token pasted here, checked
// with Telegram, sealed), branding with a preview of the raid card as the bot will post it, modules, remove.
// The same service calls as /newbot and /mybots in the main bot.

const colour = z.string().describe('#rrggbb');
const texts = z
  .object({
    welcome: z.string(), help: z.string(), raidTitle: z.string(), raidCall: z.string(), claimButton: z.string(), dashboardButton: z.string(),
  })
  .partial();
export const brandingShape = z.object({
  displayName: z.string().optional(),
  logoUrl: z.string().optional(),
  colors: z.object({ accent: colour, accentText: colour, background: colour }).partial().optional(),
  texts: texts.optional(),
});
const moduleName = z.enum(['raids', 'moderation', 'tasks']);

const bot = z.object({
  id: z.string().describe('The bot’s Telegram id'),
  username: z.string(),
  name: z.string().describe('Its display name (branding), else Telegram’s first name'),
  status: z.enum(['active', 'disabled', 'removed']),
  statusReason: z.string().nullable(),
  modules: z.array(moduleName),
  branding: brandingShape,
  link: z.string().describe('https://t.me/<username>'),
});

export const botOut = (p: BotProfile): z.infer<typeof bot> => ({
  id: String(p.id),
  username: p.me.username,
  name: p.branding.displayName ?? p.me.first_name,
  status: p.status,
  statusReason: p.statusReason ?? null,
  modules: [...p.modules],
  branding: p.branding,
  link: `https://t.me/${p.me.username}`,
});

// How each refusal reads over HTTP. Not one's own bot answers as an unknown one: nobody learns whose it is.
const STATUS: Record<Refusal, number> = {
  malformed_token: 400, not_a_bot_token: 400, bad_modules: 400, bad_branding: 400,
  already_registered: 409, main_bot: 409, limit_reached: 409,
  encryption_off: 503, telegram_unreachable: 503,
  not_found: 404, not_owner: 404,
};

function refused(r: { refusal: Refusal; message: string; field?: string }): never {
  const field = r.field ? `body.${r.field}` : undefined;
  throw new ApiError(STATUS[r.refusal], r.refusal === 'not_owner' ? 'not_found' : r.refusal, r.refusal === 'not_owner' ? 'No such bot of yours' : r.message, field);
}

function whitelabelOf(deps: MiniAppApiDeps): Whitelabel {
  if (!deps.whitelabel) throw new ApiError(503, 'whitelabel_off', 'White-label bots are not available on this Warhorn');
  return deps.whitelabel;
}

const params = z.object({ botId: z.string().regex(/^\d{1,20}$/, 'must be a bot id') });
const registerBody = z.object({ token: z.string().min(1).max(100), modules: z.array(moduleName).min(1).optional(), branding: brandingShape.optional() }).strict();
const preview = z.object({
  text: z.string().describe('The card as Telegram HTML, exactly as the bot will post it'),
  buttons: z.array(z.array(z.object({ text: z.string(), url: z.string().optional() }))),
});

/** `GET/POST /me/bots`, `GET/DELETE /me/bots/{botId}`, `PUT /me/bots/{botId}/branding|modules`, `POST /me/bots/preview`. */
export function registerMeBotRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/me/bots',
    { schema: { summary: 'The white-label bots I registered', tags: ['bots'], response: { 200: z.object({ bots: z.array(bot) }), ...errorResponses } } },
    async (request) => ({ bots: (await whitelabelOf(deps).bots(callerOf(request).userId)).map(botOut) }),
  );

  app.post(
    '/me/bots',
    {
      schema: {
        summary: 'Registers my bot by its BotFather token: checked with Telegram, stored sealed, live within seconds',
        tags: ['bots'],
        body: registerBody,
        response: { 201: z.object({ bot }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { token, modules, branding } = request.body;
      const r = await whitelabelOf(deps).register({ ownerId: callerOf(request).userId, token, ...(modules ? { modules } : {}), ...(branding ? { branding } : {}) });
      if (!r.ok) refused(r);
      return reply.code(201).send({ bot: botOut(r.value) });
    },
  );

  app.post(
    '/me/bots/preview',
    {
      schema: {
        summary: 'A raid card as a bot with this branding would post it (the generator’s live preview)',
        tags: ['bots'],
        body: z.object({ branding: brandingShape }).strict(),
        response: { 200: preview, ...errorResponses },
      },
    },
    async (request) => {
      const checked = deps.checkBranding?.(request.body.branding);
      if (!checked || !deps.previewCard) throw new ApiError(503, 'whitelabel_off', 'White-label bots are not available on this Warhorn');
      if (!checked.ok) throw new ApiError(400, 'bad_branding', checked.message, `body.branding.${checked.field}`);
      return deps.previewCard(checked.branding);
    },
  );

  app.get(
    '/me/bots/:botId',
    { schema: { summary: 'One of my bots', tags: ['bots'], params, response: { 200: z.object({ bot }), ...errorResponses } } },
    async (request) => {
      const r = await whitelabelOf(deps).bot(callerOf(request).userId, Number(request.params.botId));
      if (!r.ok) refused(r);
      return { bot: botOut(r.value) };
    },
  );

  app.put(
    '/me/bots/:botId/branding',
    {
      schema: {
        summary: 'Replaces my bot’s branding (an empty field takes the default); used from the next message on',
        tags: ['bots'],
        params,
        body: brandingShape.strict(),
        response: { 200: z.object({ bot }), ...errorResponses },
      },
    },
    async (request) => {
      const r = await whitelabelOf(deps).setBranding(callerOf(request).userId, Number(request.params.botId), request.body);
      if (!r.ok) refused({ ...r, ...(r.field ? { field: r.field } : {}) });
      return { bot: botOut(r.value) };
    },
  );

  app.put(
    '/me/bots/:botId/modules',
    {
      schema: {
        summary: 'Switches my bot’s modules (raids, moderation, tasks)',
        tags: ['bots'],
        params,
        body: z.object({ modules: z.array(moduleName).min(1) }).strict(),
        response: { 200: z.object({ bot }), ...errorResponses },
      },
    },
    async (request) => {
      const r = await whitelabelOf(deps).setModules(callerOf(request).userId, Number(request.params.botId), request.body.modules);
      if (!r.ok) refused(r);
      return { bot: botOut(r.value) };
    },
  );

  app.delete(
    '/me/bots/:botId',
    {
      schema: {
        summary: 'Removes my bot: its webhook deleted, its token wiped; its groups’ data and history kept',
        tags: ['bots'],
        params,
        response: { 204: z.null().describe('Removed'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await whitelabelOf(deps).remove(callerOf(request).userId, Number(request.params.botId));
      if (!r.ok) refused(r);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/bot',
    {
      schema: {
        summary: 'The bot that opened the app: its name, logo, colours and modules (the app takes its look from them)',
        tags: ['bots'],
        response: {
          200: z.object({ id: z.string(), username: z.string(), name: z.string(), logoUrl: z.string().nullable(), colors: brandingShape.shape.colors, modules: z.array(moduleName), main: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = await deps.bots.profile?.(callerOf(request).botId);
      if (!p) throw new ApiError(404, 'not_found', 'The bot that opened the app is not served here');
      return {
        id: String(p.id), username: p.me.username, name: p.branding.displayName ?? p.me.first_name, logoUrl: p.branding.logoUrl ?? null,
        colors: p.branding.colors ?? {}, modules: [...p.modules], main: p.source === 'config',
      };
    },
  );
}
