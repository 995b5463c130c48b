// Signed Mini App initData, as Telegram's clients hand it to a web app (core.telegram.org/bots/webapps,
// "Validating data received via the Mini App"): a query string of the launch's fields (JSON for objects)
// plus `hash` = hex HMAC-SHA256 over the data-check-string (every other field as key=value, sorted by key,
// joined by "\n") with the key HMAC-SHA256("WebAppData", bot token). Since Bot API 8.0 clients also send
// `signature`, an Ed25519 signature of "<bot id>:WebAppData\n" + the data-check-string without hash and
// signature, for third parties who know only the bot id; it is itself covered by the hash. Telegram signs it
// with its private key; the emulator signs with a key of its own (EMULATOR_SIGNING_KEY's public half), so the
// field is there and well-formed but only the hash is checkable against a bot token. Tests and the sandbox
// use this to open the Mini App as a person.
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** The emulator's own Ed25519 key for `signature` (Telegram's private key is Telegram's). */
export const EMULATOR_SIGNING_KEY = generateKeyPairSync('ed25519');

export interface InitDataUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  allows_write_to_pm?: boolean;
}

export interface InitDataFields {
  user: InitDataUser;
  /** Seconds since the epoch; defaults to now. */
  authDate?: number;
  queryId?: string;
  startParam?: string;
  /** Set when the app was opened from a chat (a t.me startapp link in a group). */
  chatType?: 'sender' | 'private' | 'group' | 'supergroup' | 'channel';
  chatInstance?: string;
}

/** The fields as ordered pairs, before signing (the order in the string does not matter to the hash). */
export function initDataPairs(fields: InitDataFields): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    ['query_id', fields.queryId ?? `AAH${randomBytes(12).toString('base64url')}`],
    ['user', JSON.stringify(fields.user)],
    ['auth_date', String(fields.authDate ?? Math.floor(Date.now() / 1000))],
  ];
  if (fields.startParam !== undefined) pairs.push(['start_param', fields.startParam]);
  if (fields.chatType !== undefined) pairs.push(['chat_type', fields.chatType]);
  if (fields.chatInstance !== undefined) pairs.push(['chat_instance', fields.chatInstance]);
  return pairs;
}

const checkString = (pairs: ReadonlyArray<readonly [string, string]>, leaveOut: readonly string[]) =>
  pairs
    .filter(([k]) => !leaveOut.includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('\n');

/** hex HMAC of the data-check-string of `pairs` (every pair but `hash`). */
export function initDataHash(token: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  const secret = createHmac('sha256', 'WebAppData').update(token).digest();
  return createHmac('sha256', secret).update(checkString(pairs, ['hash'])).digest('hex');
}

/** Raw initData signed with `token`, as `window.Telegram.WebApp.initData` holds it. */
export function signInitData(token: string, fields: InitDataFields): string {
  const pairs = initDataPairs(fields);
  const botId = token.split(':')[0]!;
  const signed = Buffer.from(`${botId}:WebAppData\n${checkString(pairs, ['hash', 'signature'])}`);
  pairs.push(['signature', sign(null, signed, EMULATOR_SIGNING_KEY.privateKey).toString('base64url')]);
  return new URLSearchParams([...pairs, ['hash', initDataHash(token, pairs)]]).toString();
}
