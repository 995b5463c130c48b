import { telegramUserId } from '../../../services/platform/telegram-ids.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { checkInitData, initDataKey, type CheckedInitData } from './init-data.js';
import type { MiniAppApiDeps } from './deps.js';
import type { Caller } from './caller.js';

// Every request of the API carries `Authorization: tma <initData>` and `X-Warhorn-Bot: <bot id>`
// (docs/mini-app-api.md). The bot is looked up through the bot directory, so a white-label bot's app is
// checked with its own token; initData signed by any other bot's token does not validate.

const BOT_HEADER = 'x-warhorn-bot';
const BOT_ID = /^\d{1,20}$/;
const KEY_CACHE_MAX = 10_000;
const CHECKED_CACHE_MAX = 20_000;

const unauthorized = (code: string, message: string) => new ApiError(401, code, message);

export function installAuthentication(app: FastifyInstance, deps: Pick<MiniAppApiDeps, 'bots' | 'log' | 'clock' | 'initDataMaxAgeS'> & { users: Pick<MiniAppApiDeps['users'], 'touch'> }): void {
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

  // An app sends the same initData with every request of its session: once it validated for a token, the
  // same string under the same token is the same answer, so only its age is checked again (parsing and the
  // HMAC were most of the API's own CPU per request). Keyed by token and string, so a rotated token or any
  // changed byte is checked afresh; bounded, cleared when full.
  const checked = new Map<string, CheckedInitData>();
  const check = (raw: string, token: string) => {
    const cacheKey = `${token}\n${raw}`;
    const known = checked.get(cacheKey);
    if (known) {
      const ageS = (deps.clock.now().getTime() - known.authDate.getTime()) / 1000;
      if (ageS <= deps.initDataMaxAgeS) return { ok: true as const, data: known };
      checked.delete(cacheKey);
      return { ok: false as const, reason: 'init_data_expired' as const, message: 'initData has expired; reopen the app' };
    }
    const result = checkInitData(raw, keyOf(token), deps.initDataMaxAgeS);
    if (result.ok) {
      if (checked.size >= CHECKED_CACHE_MAX) checked.clear();
      checked.set(cacheKey, result.data);
    }
    return result;
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
    const result = check(match[1]!, bot.token);
    if (!result.ok) throw unauthorized(result.reason, result.message);
    const { user } = result.data;
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
    return { userId: telegramUserId(user.id), botId: bot.id, user, initData: result.data };
  }
}
