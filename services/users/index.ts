import type { ServiceSchema, Tx } from '../platform/database.js';
import type { UsersDeps } from './deps.js';
import { CreateUsers1764000001000 } from './migrations/create-users-1764000001000.js';
import { CreateXAccounts1764000001100 } from './migrations/create-x-accounts-1764000001100.js';
import { NotificationPrefs1764000001200 } from './migrations/notification-prefs-1764000001200.js';
import { CreateWallets1764000001300 } from './migrations/create-wallets-1764000001300.js';
import { createWallets, type LinkedWallet, type WalletChallenge, type WalletLinkResult } from './wallets.js';
import { DEFAULT_WALLET_LINK } from './siwe-message.js';
import { createNotificationPrefs, type NotificationPrefs } from './notification-prefs.js';
import { upsertUser, type TelegramProfile } from './upsert-user.js';
import { recentlySeen } from './recently-seen.js';
import { createXAccounts, type XAccount, type XLinkMethod, type XLinkResult } from './x-accounts.js';
import { createXLinking, type OAuthEntry } from './x-linking.js';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';

export type { TelegramProfile };
export type { XAccount, XLinkFailure, XLinkMethod, XLinkResult } from './x-accounts.js';
export type { OAuthEntry, XLinker } from './x-linking.js';
export { BIO_CODE_TTL_MS, parseXHandle } from './x-linking.js';
export { DEFAULT_NOTIFICATION_PREFS, NOTIFICATION_KEYS, type NotificationPrefs } from './notification-prefs.js';
export type { UsersDeps } from './deps.js';
export type { LinkedWallet, WalletChallenge, WalletLinkFailure, WalletLinkResult } from './wallets.js';
export { WALLET_CHALLENGE_TTL_MS } from './wallets.js';
export { DEFAULT_WALLET_LINK, parseWalletAddress, SIGNATURE_PATTERN, walletLinkSettings, type WalletLinkSettings } from './siwe-message.js';

export const usersSchema: ServiceSchema = { migrations: [CreateUsers1764000001000, CreateXAccounts1764000001100, NotificationPrefs1764000001200, CreateWallets1764000001300] };

export interface UserRecord {
  telegramId: TelegramUserId;
  username: string | null;
  firstName: string;
  lastName: string | null;
  languageCode: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface UserProfile {
  username: string | null;
  firstName: string;
}

/** A one-time code waiting in the member's X bio. */
export interface PendingBioLink {
  code: string;
  username: string;
  expiresAt: Date;
}

/** The members the bots have met, their profiles, their linked X accounts and wallets. */
export interface Users {
  /** Registers the user on first contact (with its history event in the same transaction) and keeps the
   * profile current afterwards. Returns whether this contact was the first. */
  touch(profile: TelegramProfile, botId: number, tx?: Tx): Promise<{ created: boolean }>;
  /** The user's row, or null for someone never seen. */
  get(telegramId: TelegramUserId, tx?: Tx): Promise<UserRecord | null>;
  /** Names to show for many members at once (leaderboards); unknown ids are left out. */
  profiles(telegramIds: readonly TelegramUserId[]): Promise<Map<TelegramUserId, UserProfile>>;
  /** The member's linked X account, or null. */
  xAccountOf(telegramId: TelegramUserId): Promise<XAccount | null>;
  /** Who owns each of these X accounts (ids not linked to anyone are left out). One query for any number. */
  xAccountOwners(xUserIds: readonly string[]): Promise<Map<string, TelegramUserId>>;
  /** Links `xUser` to the member, replacing their previous X account, unless another member holds it. A
   * refusal is recorded too (it is anti-fraud evidence), so the transaction commits either way; `after` runs
   * in it with the outcome (the message that tells the member commits with it). */
  linkXAccount(
    telegramId: TelegramUserId,
    xUser: { id: string; username: string },
    method: XLinkMethod,
    after?: (tx: Tx, result: XLinkResult) => Promise<void>,
  ): Promise<XLinkResult>;
  /** A fresh one-time code for this member and handle; it replaces any earlier one. */
  startBioLink(telegramId: TelegramUserId, xUsername: string): Promise<PendingBioLink>;
  /** The member's pending code, if any (to say what they are linking when they ask again). */
  pendingBioLink(telegramId: TelegramUserId): Promise<PendingBioLink | null>;
  /** Reads the X account the member named and links it if its bio carries their code (used once). */
  checkBioLink(telegramId: TelegramUserId): Promise<XLinkResult>;
  /** Whether this deployment links X accounts by OAuth (false: bio codes only). Starts nothing. */
  oauthAvailable(): boolean;
  /** The address for the member's "Link with X" button (our first hop, which leads on to X), or null when
   * this deployment has no OAuth client (bio codes only). `botId` travels in the link so the confirmation
   * comes from the bot the member talked to. */
  startOAuthLink(telegramId: TelegramUserId, o?: { botId?: number }): Promise<{ url: string; expiresAt: Date } | null>;
  /** The first hop: ties the link to the browser opening it (`browser`: the nonce it already holds). */
  enterOAuthLink(state: string, browser?: string): Promise<OAuthEntry>;
  /** Finishes the OAuth link X sent the member back with, in the browser that took the first hop
   * (`browser`: the nonce it brought back); `confirm` queues what the member is told in the transaction that
   * links (or refuses). `telegramId` is null when the state was unknown, expired or already used. */
  finishOAuthLink(
    state: string,
    code: string,
    browser: string | undefined,
    confirm?: (tx: Tx, to: { telegramId: TelegramUserId; botId: number | null }, result: XLinkResult) => Promise<void>,
  ): Promise<{ telegramId: TelegramUserId | null; botId: number | null; result: XLinkResult }>;
  /** Which events the member wants in private: their choices, the defaults for the rest. */
  notificationPrefs(telegramId: TelegramUserId): Promise<NotificationPrefs>;
  /** Sets the given choices (the others stay), with `user.notifications_changed` naming what changed.
   * Null for someone never seen. */
  setNotificationPrefs(telegramId: TelegramUserId, change: Partial<NotificationPrefs>): Promise<NotificationPrefs | null>;
  /** A fresh one-time EIP-4361 message for the member to sign with this wallet (expires in 10 minutes;
   * replaces any earlier one). Throws RangeError for a string that is not an EVM address (see
   * parseWalletAddress). */
  startWalletLink(telegramId: TelegramUserId, address: string): Promise<WalletChallenge>;
  /** Links the wallet of the member's waiting message if `signature` is that wallet's signature of it. The
   * message is used up by a link, a refusal or its expiry (a wrong signature leaves it for another try). A
   * wallet another member holds is refused (`taken`) and the refusal recorded with its proof. */
  finishWalletLink(telegramId: TelegramUserId, signature: string): Promise<WalletLinkResult>;
  /** The member's linked wallets, oldest first (checksummed addresses). */
  walletsOf(telegramId: TelegramUserId): Promise<LinkedWallet[]>;
  /** Who holds this wallet, or null. Any letter case; throws RangeError for a string that is not an address. */
  walletOwner(address: string): Promise<TelegramUserId | null>;
}

export function createUsers({ db, history, clock, x, redis, prefix, log, walletLink }: UsersDeps): Users {
  const seen = recentlySeen({ max: 100_000, ttlMs: 4 * 60_000, now: () => clock.now().getTime() });

  async function touch(profile: TelegramProfile, botId: number, tx?: Tx): Promise<{ created: boolean }> {
    if (!tx && seen.has(profile)) return { created: false };
    const run = async (m: Tx) => {
      const created = await upsertUser(m, profile, botId);
      if (created) {
        await history.append(m, {
          actor: { kind: 'user', id: String(profile.id) },
          action: 'user.registered',
          subject: { kind: 'user', id: String(profile.id) },
          data: { username: profile.username ?? null, firstName: profile.first_name, viaBot: String(botId) },
        });
      }
      return { created };
    };
    if (tx) return run(tx);
    const result = await db.transaction(run);
    seen.remember(profile);
    return result;
  }

  async function get(telegramId: TelegramUserId, tx: Tx = db.manager): Promise<UserRecord | null> {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT telegram_id, username, first_name, last_name, language_code, created_at, last_seen_at
         FROM users.users WHERE telegram_id = $1`,
      [telegramId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      telegramId: telegramUserId(row.telegram_id as string),
      username: row.username as string | null,
      firstName: row.first_name as string,
      lastName: row.last_name as string | null,
      languageCode: row.language_code as string | null,
      createdAt: row.created_at as Date,
      lastSeenAt: row.last_seen_at as Date,
    };
  }

  async function profiles(telegramIds: readonly TelegramUserId[]): Promise<Map<TelegramUserId, UserProfile>> {
    const out = new Map<TelegramUserId, UserProfile>();
    if (telegramIds.length === 0) return out;
    const rows: Array<{ telegram_id: string; username: string | null; first_name: string }> = await db.query(
      `SELECT telegram_id, username, first_name FROM users.users WHERE telegram_id = ANY($1::bigint[])`,
      [[...new Set(telegramIds)]],
    );
    for (const row of rows) out.set(telegramUserId(row.telegram_id), { username: row.username, firstName: row.first_name });
    return out;
  }

  const accounts = createXAccounts({ db, history, clock });
  const prefs = createNotificationPrefs({ db, history });
  const wallets = createWallets({ db, history, clock, redis, prefix, settings: walletLink ?? DEFAULT_WALLET_LINK });
  const linking = createXLinking({ redis, prefix, x, clock, log, link: accounts.linkXAccount, transaction: (fn) => db.transaction(fn) });

  return {
    touch,
    get,
    profiles,
    xAccountOf: (telegramId: TelegramUserId) => accounts.xAccountOf(telegramId),
    xAccountOwners: (xUserIds: readonly string[]) => accounts.xAccountOwners(xUserIds),
    linkXAccount: accounts.linkXAccount,
    startBioLink: linking.startBioLink,
    pendingBioLink: linking.pendingBioLink,
    checkBioLink: linking.checkBioLink,
    oauthAvailable: linking.oauthAvailable,
    startOAuthLink: linking.startOAuthLink,
    enterOAuthLink: linking.enterOAuthLink,
    finishOAuthLink: linking.finishOAuthLink,
    notificationPrefs: prefs.notificationPrefs,
    setNotificationPrefs: prefs.setNotificationPrefs,
    startWalletLink: wallets.startWalletLink,
    finishWalletLink: wallets.finishWalletLink,
    walletsOf: wallets.walletsOf,
    walletOwner: wallets.walletOwner,
  };
}
