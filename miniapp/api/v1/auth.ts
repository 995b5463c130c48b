import { telegramUserId } from '../../../services/platform/telegram-ids.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { checkInitData, initDataKey } from './init-data.js';
import type { MiniAppApiDeps } from './deps.js';
import type { Caller } from './caller.js';

// Every request of the API carries `Authorization: tma <initData>` and `X-Warhorn-Bot: <bot id>`
// (docs/mini-app-api.md). The bot is looked up through the bot directory, so a white-label bot's app is
// checked with its own token; initData signed by any other bot's token does not validate.

const BOT_HEADER = 'x-warhorn-bot';
const BOT_ID = /^\d{1,20}$/;
const KEY_CACHE_MAX = 10_000;

const unauthorized = (code: string, message: string) => new ApiError(401, code, message);

export function installAuthentication(app: FastifyInstance, deps: Pick<MiniAppApiDeps, 'bots' | 'users' | 'log' | 'initDataMaxAgeS'>): void {
  // The hashed token per bot, keyed by the token itself so a rotated token is hashed afresh.
  const keys = new Map<string, ArrayBuffer>();
  const keyOf = (token: string): ArrayBuffer => {
    let key = keys.get(token);
    if (!key) {
      if (keys.size >= KEY_CACHE_MAX) keys.clear();
      key = initDataKey(token);
      keys.set(token, key);
    }
    return key;
  };

  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    request.caller = await authenticate(request);
  });

  async function authenticate(request: FastifyRequest): Promise<Caller> {
    const header = request.headers.authorization;
    if (!header) throw unauthorized('init_data_missing', 'Open the app from Telegram: the request carries no initData');
    const match = /^tma (.+)$/s.exec(header);
    if (!match) throw unauthorized('init_data_malformed', 'The Authorization header must be "tma <initData>"');
    const botHeader = request.headers[BOT_HEADER];
    if (typeof botHeader !== 'string' || !BOT_ID.test(botHeader)) throw unauthorized('bot_unknown', 'The X-Warhorn-Bot header must name the bot that opened the app');
    const bot = await deps.bots.resolve(Number(botHeader));
    if (!bot) throw unauthorized('bot_unknown', 'No such bot in this deployment');
    const checked = checkInitData(match[1]!, keyOf(bot.token), deps.initDataMaxAgeS);
    if (!checked.ok) throw unauthorized(checked.reason, checked.message);
    const { user } = checked.data;
    // Opening the app registers the person as a first message would (cached: one write per few minutes).
    await deps.users.touch(
      {
        id: user.id,
        first_name: user.firstName,
        ...(user.lastName ? { last_name: user.lastName } : {}),
        ...(user.username ? { username: user.username } : {}),
        ...(user.languageCode ? { language_code: user.languageCode } : {}),
      },
      bot.id,
    );
    return { userId: telegramUserId(user.id), botId: bot.id, user, initData: checked.data };
  }
}
