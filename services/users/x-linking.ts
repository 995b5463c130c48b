import type { Tx } from '../platform/database.js';
import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { keyspace } from '../platform/redis.js';
import { XLinkError, XRateLimitedError, XUnavailableError, type X } from '../x/index.js';
import type { XLinkMethod, XLinkResult } from './x-accounts.js';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';

// The two ways a member proves they own an X account: OAuth 2.0 (X tells us who approved) or, when the
// deployment has no OAuth client, a one-time code they put in their X bio (only the owner can edit it).

export type XLinker = Pick<X, 'getUserByUsername' | 'linkAvailable' | 'beginLink' | 'enterLink' | 'finishLink'>;

/** The first hop of an OAuth link, as the api role needs it (see services/x/oauth.ts). */
export type OAuthEntry =
  | { ok: true; authorizeUrl: string; browser: string; expiresAt: Date; secondsLeft: number }
  | { ok: false; reason: 'expired' | 'other_browser' | 'not_configured'; message: string };

export const OTHER_BROWSER_MESSAGE =
  'Nothing was linked: this page was opened in another browser than the one that started the link. If someone sent you this link, do not use it: it would link your X account to their Telegram account. To link your own, send /linkx to the bot and finish in the same browser.';
const ALREADY_OPENED_MESSAGE =
  'This link was already opened in another browser, so it does not work here. If someone sent you this link, do not use it: it would link your X account to their Telegram account. To link your own, send /linkx to the bot.';
const EXPIRED_MESSAGE = 'This link has expired or was already used. Send /linkx to the bot to start again.';

export const BIO_CODE_TTL_MS = 30 * 60_000;
// Redis keeps the entry a while past its expiry so a late "Check" hears "expired" rather than "no code".
const BIO_KEY_EXTRA_SECONDS = 30 * 60;
// Lower-case letters and digits without look-alikes (0/o, 1/l/i), so a code typed by hand into a bio survives.
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** X's rule for handles (1-15 of A-Z a-z 0-9 _), with or without the `@`. Returns the bare handle or null. */
export function parseXHandle(input: string): string | null {
  const match = /^@?([A-Za-z0-9_]{1,15})$/.exec(input.trim());
  return match ? match[1]! : null;
}

interface PendingBioCode {
  code: string;
  username: string;
  expiresAt: number;
}

/** Who started a link, from what it carried. */
function ownerOf(meta: Record<string, unknown> | undefined): { telegramId: TelegramUserId; botId: number | null } | null {
  // Redis gave it back: whatever is not a Telegram id means the link is not ours to finish.
  let telegramId: TelegramUserId;
  try {
    telegramId = telegramUserId(Number(meta?.telegramId));
  } catch {
    return null;
  }
  return { telegramId, botId: meta?.botId == null ? null : Number(meta.botId) };
}

// Take the code only if it is still the one we checked: a fresh /linkx in between made a new code, and a
// second Check pressed at the same moment must not link twice on one code.
const TAKE_IF_SAME = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export function createXLinking(deps: {
  redis?: Redis | undefined;
  prefix?: string | undefined;
  x?: XLinker | undefined;
  clock: Clock;
  log?: Logger | undefined;
  /** Runs `fn` in a transaction (to tell a member about a refused link together with nothing else). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  link(
    telegramId: TelegramUserId,
    xUser: { id: string; username: string },
    method: XLinkMethod,
    after?: (tx: Tx, result: XLinkResult) => Promise<void>,
  ): Promise<XLinkResult>;
}) {
  const { clock } = deps;
  const bioKey = (telegramId: TelegramUserId) => keyspace(deps.prefix ?? '{warhorn}')('users', 'x-bio', String(telegramId));
  const needRedis = () => {
    if (!deps.redis) throw new Error('users: X linking by bio code needs redis in createUsers deps');
    return deps.redis;
  };
  const fail = (reason: Extract<XLinkResult, { ok: false }>['reason'], message: string, username?: string): XLinkResult =>
    username === undefined ? { ok: false, reason, message } : { ok: false, reason, message, username };

  /** A fresh one-time code for this member and handle; it replaces any earlier one. */
  async function startBioLink(telegramId: TelegramUserId, xUsername: string): Promise<{ code: string; username: string; expiresAt: Date }> {
    const username = parseXHandle(xUsername);
    if (!username) throw new RangeError(`not an X handle: ${JSON.stringify(xUsername)}`);
    let suffix = '';
    for (let i = 0; i < 6; i++) suffix += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const code = `warhorn-${suffix}`;
    const expiresAt = new Date(clock.now().getTime() + BIO_CODE_TTL_MS);
    const pending: PendingBioCode = { code, username, expiresAt: expiresAt.getTime() };
    await needRedis().set(bioKey(telegramId), JSON.stringify(pending), 'EX', BIO_CODE_TTL_MS / 1000 + BIO_KEY_EXTRA_SECONDS);
    return { code, username, expiresAt };
  }

  /** The member's pending code, if any (to say what they are linking when they ask again). */
  async function pendingBioLink(telegramId: TelegramUserId): Promise<{ code: string; username: string; expiresAt: Date } | null> {
    const raw = await needRedis().get(bioKey(telegramId));
    if (!raw) return null;
    const p = JSON.parse(raw) as PendingBioCode;
    return p.expiresAt > clock.now().getTime() ? { code: p.code, username: p.username, expiresAt: new Date(p.expiresAt) } : null;
  }

  /** Reads the X account the member named and links it if its bio carries their code (used once). */
  async function checkBioLink(telegramId: TelegramUserId): Promise<XLinkResult> {
    const redis = needRedis();
    const key = bioKey(telegramId);
    const raw = await redis.get(key);
    if (!raw) return fail('no_code', 'There is no linking code waiting for you. Send /linkx @your_x_handle to get one.');
    const pending = JSON.parse(raw) as PendingBioCode;
    if (pending.expiresAt <= clock.now().getTime()) {
      await redis.eval(TAKE_IF_SAME, 1, key, raw);
      return fail('expired', 'Your linking code has expired. Send /linkx @your_x_handle for a new one.', pending.username);
    }
    if (!deps.x) return fail('not_configured', 'Linking X accounts is not available on this bot yet.', pending.username);

    let xUser;
    try {
      xUser = await deps.x.getUserByUsername(pending.username, { purpose: 'link' });
    } catch (error) {
      if (error instanceof XRateLimitedError || error instanceof XUnavailableError) {
        return fail('x_unavailable', 'X is not answering right now. Please press Check again in a few minutes.', pending.username);
      }
      throw error;
    }
    if (!xUser) return fail('x_user_not_found', `X has no account @${pending.username}. Check the spelling and send /linkx @handle again.`, pending.username);
    if (!xUser.bio.toLowerCase().includes(pending.code)) {
      return fail('code_not_found', `The code is not in @${xUser.username}'s bio yet. Save your profile on X, then press Check again.`, xUser.username);
    }
    const taken = await redis.eval(TAKE_IF_SAME, 1, key, raw);
    if (taken !== 1) return fail('no_code', 'That code was already used or replaced by a newer one.', xUser.username);
    try {
      return await deps.link(telegramId, { id: xUser.id, username: xUser.username }, 'bio');
    } catch (error) {
      // The link did not happen (database trouble): give the code back so the member can press Check again.
      await redis.set(key, raw, 'EX', BIO_CODE_TTL_MS / 1000 + BIO_KEY_EXTRA_SECONDS, 'NX');
      throw error;
    }
  }

  /** Whether this deployment links by OAuth (else bio codes only), without starting a link. */
  function oauthAvailable(): boolean {
    return deps.x?.linkAvailable() ?? false;
  }

  /** The address for the member's "Link with X" button (our first hop, which leads on to X), or null when
   * this deployment has no OAuth client (bio codes only). `botId` travels in the link so the confirmation
   * comes from the bot the member talked to. */
  async function startOAuthLink(telegramId: TelegramUserId, o: { botId?: number } = {}): Promise<{ url: string; expiresAt: Date } | null> {
    if (!deps.x) return null;
    try {
      const start = await deps.x.beginLink({ meta: { telegramId, botId: o.botId ?? null } });
      return { url: start.startUrl, expiresAt: start.expiresAt };
    } catch (error) {
      if (error instanceof XLinkError) return null;
      throw error;
    }
  }

  /** The first hop: ties the link to the browser opening it (`browser`: the nonce it already holds). */
  async function enterOAuthLink(state: string, browser?: string): Promise<OAuthEntry> {
    if (!deps.x) return { ok: false, reason: 'not_configured', message: 'Linking X accounts is not available here.' };
    const entry = await deps.x.enterLink(state, browser);
    if (entry.ok) return entry;
    return { ok: false, reason: entry.reason, message: entry.reason === 'other_browser' ? ALREADY_OPENED_MESSAGE : EXPIRED_MESSAGE };
  }

  /** Finishes the OAuth link X sent the member back with, in the browser that took the first hop
   * (`browser`: the nonce it brought back). `telegramId` is null when the state was unknown, expired or
   * already used (nothing says whose link it was). */
  async function finishOAuthLink(
    state: string,
    code: string,
    browser: string | undefined,
    /** Queues what the member is told, in the transaction that links (or refuses) the account. */
    confirm?: (tx: Tx, to: { telegramId: TelegramUserId; botId: number | null }, result: XLinkResult) => Promise<void>,
  ): Promise<{ telegramId: TelegramUserId | null; botId: number | null; result: XLinkResult }> {
    if (!deps.x) return { telegramId: null, botId: null, result: fail('not_configured', 'Linking X accounts is not available here.') };
    let linked;
    try {
      linked = await deps.x.finishLink({ state, code, browser, purpose: 'link' });
    } catch (error) {
      if (error instanceof XLinkError && error.reason === 'other_browser') {
        // The member who started it hears it: either they switched browsers, or someone tried their link.
        const to = ownerOf(error.meta);
        const result = fail('other_browser', OTHER_BROWSER_MESSAGE);
        deps.log?.warn({ telegramId: to?.telegramId }, 'x link: oauth callback from another browser refused');
        if (to && confirm) await deps.transaction((tx) => confirm(tx, to, result));
        return { telegramId: to?.telegramId ?? null, botId: to?.botId ?? null, result };
      }
      if (error instanceof XLinkError) {
        deps.log?.info({ reason: error.message }, 'x link: oauth callback refused');
        return { telegramId: null, botId: null, result: fail('expired', EXPIRED_MESSAGE) };
      }
      if (error instanceof XRateLimitedError || error instanceof XUnavailableError) {
        return { telegramId: null, botId: null, result: fail('x_unavailable', 'X is not answering right now. Send /linkx to the bot and try again in a few minutes.') };
      }
      throw error;
    }
    const owner = ownerOf(linked.meta);
    if (!owner) throw new Error('x link: the link carried no telegramId');
    const { telegramId, botId } = owner;
    const result = await deps.link(
      telegramId,
      { id: linked.user.id, username: linked.user.username },
      'oauth',
      confirm ? (tx, outcome) => confirm(tx, { telegramId, botId }, outcome) : undefined,
    );
    return { telegramId, botId, result };
  }

  return { startBioLink, pendingBioLink, checkBioLink, oauthAvailable, startOAuthLink, enterOAuthLink, finishOAuthLink };
}
