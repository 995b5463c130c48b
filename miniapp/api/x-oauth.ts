import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../services/platform/logger.js';
import type { Notifications } from '../../services/notifications/index.js';
import type { Users } from '../../services/users/index.js';
import { linkResultText } from '../../bots/features/link-x/texts.js';
import { clearLinkCookie, linkCookie, linkCookiePolicy, readLinkCookie } from './link-cookie.js';
import { noStore, page, resultPage } from './x-oauth-pages.js';
import { privateChatOf } from '../../services/platform/telegram-ids.js';

export interface XOAuthRouteDeps {
  users: Pick<Users, 'enterOAuthLink' | 'finishOAuthLink' | 'profiles'>;
  notifications: Pick<Notifications, 'enqueue'>;
  log: Logger;
  /** The bot that confirms in private when the link does not name one (it always does when started by /linkx). */
  defaultBotId?: number | undefined;
  /** The public callback URL members come back to (PUBLIC_URL/x/oauth/callback by default): the link
   * cookie's path and Secure flag follow it. */
  callbackUrl?: string | undefined;
}

export const X_OAUTH_START_PATH = '/x/oauth/start';
export const X_OAUTH_CALLBACK_PATH = '/x/oauth/callback';

// State and code are opaque to us; X's are well under this. A bound keeps junk out of Redis lookups.
const MAX_PARAM = 512;

type Query = { Querystring: Record<string, string | string[] | undefined> };
const param = (q: Query['Querystring'], name: string) => (typeof q[name] === 'string' ? (q[name] as string) : undefined);

/**
 * `GET /x/oauth/start`: the "Link with X" button leads here first; the member's browser gets the link's
 * nonce in a cookie and goes on to X. `GET /x/oauth/callback`: where X sends them back; the link goes
 * through only in the browser that brings the nonce back (services/x/oauth.ts says why).
 */
export function registerXOAuthRoutes(app: FastifyInstance, deps: XOAuthRouteDeps): void {
  const log = deps.log.child({ component: 'x-oauth' });
  const cookie = linkCookiePolicy(deps.callbackUrl);

  // Fastify's request log would write the full URL (state, code): these routes log for themselves instead.
  // No HEAD twin: a link checker's HEAD must not take the link for a browser that is not the member's.
  app.get<Query>(X_OAUTH_START_PATH, { logLevel: 'silent', exposeHeadRoute: false }, async (request, reply) => {
    const state = param(request.query, 'state');
    if (!state || state.length > MAX_PARAM) return page(reply, 400, 'Not linked', 'This address is incomplete. Send /linkx to the bot to start again.');
    let entry;
    try {
      entry = await deps.users.enterOAuthLink(state, readLinkCookie(request.headers.cookie));
    } catch (err) {
      log.error({ err }, 'x link: the first hop failed');
      return page(reply, 500, 'Something went wrong', 'Something went wrong on our side. Send /linkx to the bot and try again in a minute.');
    }
    log.info({ ok: entry.ok, reason: entry.ok ? undefined : entry.reason }, 'x link: first hop');
    if (!entry.ok) {
      const status = entry.reason === 'other_browser' ? 409 : entry.reason === 'expired' ? 410 : 400;
      return page(reply, status, entry.reason === 'expired' ? 'Link expired' : 'Not linked', `${entry.reason === 'expired' ? '⌛' : '⛔'} ${entry.message}`);
    }
    return noStore(reply).code(302).header('set-cookie', linkCookie(cookie, entry.browser, entry.secondsLeft)).header('location', entry.authorizeUrl).send();
  });

  app.get<Query>(X_OAUTH_CALLBACK_PATH, { logLevel: 'silent' }, async (request, reply) => {
    const q = request.query;
    // Whatever happens next, this browser's nonce is done with.
    reply.header('set-cookie', clearLinkCookie(cookie));

    const error = param(q, 'error');
    if (error !== undefined) {
      log.info({ error: error.slice(0, 64) }, 'x link: member did not approve');
      if (error === 'access_denied') {
        return page(reply, 200, 'Not linked', 'You cancelled on X, so nothing was linked. Send /linkx to the bot whenever you want to try again.');
      }
      return page(reply, 400, 'Not linked', `X did not approve the link (${error.slice(0, 64)}). Send /linkx to the bot to try again.`);
    }
    for (const name of ['state', 'code'] as const) {
      const value = param(q, name);
      if (!value) return page(reply, 400, 'Not linked', `The address from X is missing its "${name}" parameter. Send /linkx to the bot to start again.`);
      if (value.length > MAX_PARAM) return page(reply, 400, 'Not linked', `The "${name}" parameter is too long.`);
    }

    let done;
    try {
      // The member hears it from the bot too (the page may be closed at once or opened on another device),
      // in the transaction that links the account.
      done = await deps.users.finishOAuthLink(param(q, 'state')!, param(q, 'code')!, readLinkCookie(request.headers.cookie), async (tx, to, outcome) => {
        const botId = to.botId ?? deps.defaultBotId;
        if (botId === undefined) return;
        await deps.notifications.enqueue(tx, {
          botId,
          chatId: privateChatOf(to.telegramId),
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
    const account = result.ok && telegramId !== null ? (await deps.users.profiles([telegramId])).get(telegramId) : undefined;
    return resultPage(reply, result, account);
  });
}
