import { hashToken, isExpiredError, isSignatureInvalidError, parse, validate } from '@telegram-apps/init-data-node';

// initData as Telegram's clients hand it to a Mini App: a query string signed with the bot's token
// (core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app). Checked here, before anything
// in it is believed: the signature (HMAC-SHA256 keyed by HMAC-SHA256("WebAppData", token)), then the age.

export type InitDataRefusal = 'init_data_malformed' | 'init_data_invalid' | 'init_data_expired';

export interface InitDataUser {
  id: number;
  firstName: string;
  lastName?: string | undefined;
  username?: string | undefined;
  languageCode?: string | undefined;
  isBot?: boolean | undefined;
}

export interface CheckedInitData {
  user: InitDataUser;
  authDate: Date;
  startParam?: string | undefined;
  /** The chat the app was opened from (a group's t.me link), when Telegram says. */
  chatType?: string | undefined;
}

export type InitDataCheck = { ok: true; data: CheckedInitData } | { ok: false; reason: InitDataRefusal; message: string };

/** The hashed token, computed once per bot token rather than once per request (the first of the two HMACs). */
export function initDataKey(token: string): ArrayBuffer {
  const hashed = hashToken(token);
  return hashed.buffer.slice(hashed.byteOffset, hashed.byteOffset + hashed.byteLength) as ArrayBuffer;
}

const MAX_INIT_DATA = 8 * 1024;

export function checkInitData(raw: string, key: ArrayBuffer, maxAgeS: number): InitDataCheck {
  if (raw.length > MAX_INIT_DATA) return { ok: false, reason: 'init_data_malformed', message: 'initData is too long' };
  const params = new URLSearchParams(raw);
  const keys = [...params.keys()];
  // URLSearchParams keeps the first of two equal keys for get() while the signature covers both: a second
  // `user=` must not slip past the check, so any repeated key is refused outright.
  if (new Set(keys).size !== keys.length) return { ok: false, reason: 'init_data_malformed', message: 'initData repeats a key' };
  if (!params.get('hash')) return { ok: false, reason: 'init_data_malformed', message: 'initData has no hash' };
  if (!/^\d{1,12}$/.test(params.get('auth_date') ?? '')) return { ok: false, reason: 'init_data_malformed', message: 'initData has no valid auth_date' };
  try {
    validate(params, key, { tokenHashed: true, expiresIn: maxAgeS });
  } catch (error) {
    if (isExpiredError(error)) return { ok: false, reason: 'init_data_expired', message: 'initData has expired; reopen the app' };
    if (isSignatureInvalidError(error)) return { ok: false, reason: 'init_data_invalid', message: 'initData is not signed by this bot' };
    return { ok: false, reason: 'init_data_malformed', message: 'initData could not be read' };
  }
  const parsed = parsedOrNull(params);
  if (!parsed) return { ok: false, reason: 'init_data_malformed', message: 'initData could not be read' };
  const user = parsed.user;
  if (!user || !Number.isSafeInteger(user.id) || user.id <= 0) return { ok: false, reason: 'init_data_malformed', message: 'initData names no user' };
  return {
    ok: true,
    data: {
      user: { id: user.id, firstName: user.first_name, lastName: user.last_name, username: user.username, languageCode: user.language_code, isBot: user.is_bot },
      authDate: parsed.auth_date,
      startParam: parsed.start_param,
      chatType: parsed.chat_type,
    },
  };
}

function parsedOrNull(params: URLSearchParams) {
  try {
    return parse(params);
  } catch {
    return null;
  }
}
