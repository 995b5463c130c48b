import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '../../services/platform/logger.js';
import type { Notifications } from '../../services/notifications/index.js';
import type { Users, XLinkResult } from '../../services/users/index.js';
import { linkResultText } from '../../bots/features/link-x-texts.js';

export interface XOAuthRouteDeps {
  users: Pick<Users, 'finishOAuthLink'>;
  notifications: Pick<Notifications, 'enqueue'>;
  log: Logger;
  /** The bot that confirms in private when the link does not name one (it always does when started by /linkx). */
  defaultBotId?: number | undefined;
}

export const X_OAUTH_CALLBACK_PATH = '/x/oauth/callback';

// State and code are opaque to us; X's are well under this. A bound keeps junk out of Redis lookups.
const MAX_PARAM = 512;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(reply: FastifyReply, status: number, title: string, message: string) {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><h1>${esc(title)}</h1><p>${esc(message)}</p></body></html>`;
  return reply
    .code(status)
    // The URL carries a one-time code: nothing may cache this page or pass the URL on as a referrer.
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .type('text/html; charset=utf-8')
    .send(html);
}

function pageFor(reply: FastifyReply, result: XLinkResult) {
  if (result.ok) {
    const verb = result.unchanged ? 'was already' : 'is now';
    return page(reply, 200, 'X account linked', `✅ @${result.username} ${verb} linked to your Telegram account. You can close this page.`);
  }
  switch (result.reason) {
    case 'taken':
      return page(reply, 409, 'Not linked', `⛔ @${result.username ?? 'that account'} is already linked to another member. One X account belongs to one member.`);
    case 'expired':
      return page(reply, 410, 'Link expired', `⌛ ${result.message}`);
    case 'x_unavailable':
      return page(reply, 503, 'X is not answering', result.message);
    default:
      return page(reply, 400, 'Not linked', result.message);
  }
}

/** `GET /x/oauth/callback`: where X sends a member back after they approved (or refused) the link. */
export function registerXOAuthRoutes(app: FastifyInstance, deps: XOAuthRouteDeps): void {
  const log = deps.log.child({ component: 'x-oauth' });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    X_OAUTH_CALLBACK_PATH,
    // Fastify's request log would write the full URL, code included: this route logs for itself instead.
    { logLevel: 'silent' },
    async (request, reply) => {
      const q = request.query;
      const one = (name: string) => (typeof q[name] === 'string' ? (q[name] as string) : undefined);

      const error = one('error');
      if (error !== undefined) {
        log.info({ error: error.slice(0, 64) }, 'x link: member did not approve');
        if (error === 'access_denied') {
          return page(reply, 200, 'Not linked', 'You cancelled on X, so nothing was linked. Send /linkx to the bot whenever you want to try again.');
        }
        return page(reply, 400, 'Not linked', `X did not approve the link (${error.slice(0, 64)}). Send /linkx to the bot to try again.`);
      }
      for (const name of ['state', 'code'] as const) {
        const value = one(name);
        if (!value) return page(reply, 400, 'Not linked', `The address from X is missing its "${name}" parameter. Send /linkx to the bot to start again.`);
        if (value.length > MAX_PARAM) return page(reply, 400, 'Not linked', `The "${name}" parameter is too long.`);
      }

      let done;
      try {
        // The member hears it from the bot too (the page may be closed at once or opened on another device),
        // in the transaction that links the account.
        done = await deps.users.finishOAuthLink(one('state')!, one('code')!, async (tx, to, outcome) => {
          const botId = to.botId ?? deps.defaultBotId;
          if (botId === undefined) return;
          await deps.notifications.enqueue(tx, {
            botId,
            chatId: to.telegramId,
            method: 'sendMessage',
            payload: { text: linkResultText(outcome), parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
          });
        });
      } catch (err) {
        log.error({ err }, 'x link: finishing the OAuth link failed');
        return page(reply, 500, 'Something went wrong', 'Something went wrong on our side. Send /linkx to the bot and try again in a minute.');
      }
      const { telegramId, result } = done;
      log.info({ telegramId, ok: result.ok, reason: result.ok ? undefined : result.reason }, 'x link: oauth callback');

      return pageFor(reply, result);
    },
  );
}
