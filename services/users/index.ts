import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { ServiceSchema, Tx } from '../platform/database.js';
import type { History } from '../history/index.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { CreateUsers1764000001000 } from './migrations/create-users-1764000001000.js';
import { CreateXAccounts1764000001100 } from './migrations/create-x-accounts-1764000001100.js';
import { upsertUser, type TelegramProfile } from './upsert-user.js';
import { recentlySeen } from './recently-seen.js';
import { createXAccounts } from './x-accounts.js';
import { createXLinking, type XLinker } from './x-linking.js';

export type { TelegramProfile };
export type { XAccount, XLinkFailure, XLinkMethod, XLinkResult } from './x-accounts.js';
export type { OAuthEntry, XLinker } from './x-linking.js';
export { BIO_CODE_TTL_MS, parseXHandle } from './x-linking.js';

export const usersSchema: ServiceSchema = { migrations: [CreateUsers1764000001000, CreateXAccounts1764000001100] };

export interface UserRecord {
  telegramId: number;
  username: string | null;
  firstName: string;
  lastName: string | null;
  languageCode: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface UsersDeps {
  db: DataSource;
  history: Pick<History, 'append'>;
  clock?: Clock;
  /** The X service, for linking members' X accounts (bio codes read profiles, OAuth needs its client).
   * Without it, linking answers `not_configured`. */
  x?: XLinker;
  /** Where pending bio codes wait (30 minutes). Needed for bio-code linking only. */
  redis?: Redis;
  /** Redis key prefix (a hash tag such as `{warhorn}`). */
  prefix?: string;
  log?: Logger;
}

export interface UserProfile {
  username: string | null;
  firstName: string;
}

export function createUsers({ db, history, clock = systemClock, x, redis, prefix, log }: UsersDeps) {
  const seen = recentlySeen({ max: 100_000, ttlMs: 4 * 60_000, now: () => clock.now().getTime() });

  /** Registers the user on first contact (with its history event in the same transaction) and keeps the
   * profile current afterwards. Returns whether this contact was the first. */
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

  async function get(telegramId: number, tx: Tx = db.manager): Promise<UserRecord | null> {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT telegram_id, username, first_name, last_name, language_code, created_at, last_seen_at
         FROM users.users WHERE telegram_id = $1`,
      [telegramId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      telegramId: Number(row.telegram_id),
      username: row.username as string | null,
      firstName: row.first_name as string,
      lastName: row.last_name as string | null,
      languageCode: row.language_code as string | null,
      createdAt: row.created_at as Date,
      lastSeenAt: row.last_seen_at as Date,
    };
  }

  /** Names to show for many members at once (leaderboards); unknown ids are left out. */
  async function profiles(telegramIds: readonly number[]): Promise<Map<number, UserProfile>> {
    const out = new Map<number, UserProfile>();
    if (telegramIds.length === 0) return out;
    const rows: Array<{ telegram_id: string; username: string | null; first_name: string }> = await db.query(
      `SELECT telegram_id, username, first_name FROM users.users WHERE telegram_id = ANY($1::bigint[])`,
      [[...new Set(telegramIds)]],
    );
    for (const row of rows) out.set(Number(row.telegram_id), { username: row.username, firstName: row.first_name });
    return out;
  }

  const accounts = createXAccounts({ db, history, clock });
  const linking = createXLinking({ redis, prefix, x, clock, log, link: accounts.linkXAccount, transaction: (fn) => db.transaction(fn) });

  return {
    touch,
    get,
    profiles,
    xAccountOf: (telegramId: number) => accounts.xAccountOf(telegramId),
    xAccountOwners: (xUserIds: readonly string[]) => accounts.xAccountOwners(xUserIds),
    linkXAccount: accounts.linkXAccount,
    startBioLink: linking.startBioLink,
    pendingBioLink: linking.pendingBioLink,
    checkBioLink: linking.checkBioLink,
    startOAuthLink: linking.startOAuthLink,
    enterOAuthLink: linking.enterOAuthLink,
    finishOAuthLink: linking.finishOAuthLink,
  };
}

export type Users = ReturnType<typeof createUsers>;
