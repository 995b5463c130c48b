import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import type { Logger } from '../../services/platform/logger.js';

/** A bot that can take webhook updates: its secret and the function that runs its middleware. */
export interface WebhookTarget {
  secret: string;
  handleUpdate(update: Update): Promise<void>;
}

/** Undefined for a bot the deployment does not serve, or one without a webhook secret. May read Postgres
 * (the bot registry): a failure there is a 500, so Telegram comes back. */
export type WebhookResolver = (botId: number) => Promise<WebhookTarget | undefined>;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Telegram updates are small (4,096 characters of text and their entities): nothing near Fastify's 1 MB. */
const UPDATE_BODY_LIMIT = 256 * 1024;

/** `POST /tg/:botId`: the path names the bot, never its token; the secret header proves it is Telegram.
 * The secret is checked when the request arrives, before its body is read, and an unknown bot id gets the
 * same 401 as a wrong secret: a caller without the secret learns nothing and costs no parsing. */
export function registerTelegramWebhook(app: FastifyInstance, resolve: WebhookResolver, log: Logger): void {
  // The target found when the request arrived, for its handler: one registry look-up per update.
  const targets = new WeakMap<object, WebhookTarget>();
  app.post<{ Params: { botId: string } }>(
    '/tg/:botId',
    {
      bodyLimit: UPDATE_BODY_LIMIT,
      onRequest: async (request, reply) => {
        const target = /^\d{1,20}$/.test(request.params.botId) ? await resolve(Number(request.params.botId)) : undefined;
        if (!target || !sameSecret(request.headers[SECRET_HEADER], target.secret)) {
          return reply.code(401).send({ error: 'secret token is missing or wrong' });
        }
        targets.set(request, target);
      },
    },
    async (request, reply) => {
      const target = targets.get(request);
      if (!target) return reply.code(401).send({ error: 'secret token is missing or wrong' });
      const update = request.body as Update | undefined;
      if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id)) {
        return reply.code(400).send({ error: 'update_id must be an integer' });
      }
      try {
        await target.handleUpdate(update);
      } catch (error) {
        // A non-2xx answer makes Telegram deliver the update again later, which is what we want when our
        // own infrastructure failed (the dedupe mark was released for exactly this).
        log.error({ err: error, updateId: update.update_id }, 'webhook update failed; Telegram will retry');
        return reply.code(500).send({ error: 'update failed' });
      }
      return reply.code(200).send();
    },
  );
}
