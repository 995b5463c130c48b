import type { DataSource, EntityManager } from 'typeorm';

/** The pool or a caller's transaction: a change and what records it (history, a notice) commit together. */
type Queryable = Pick<DataSource | EntityManager, 'query'>;
import type { UserFromGetMe } from 'grammy/types';
import type { TokenCipher } from '../platform/token-cipher.js';
import type { Logger } from '../platform/logger.js';
import { BOT_MODULES, type BotBranding, type BotModule, type BotProfile, type BotStatus, type ResolvedBot } from './types.js';

interface BotRow {
  id: string;
  /** Only a row written before tokens were sealed (sealLegacyTokens empties it); null for the main bot. */
  token: string | null;
  token_sealed: string | null;
  token_key_id: string | null;
  api_root: string;
  webhook_secret: string | null;
  update_epoch: string | null;
  me: UserFromGetMe;
  source: 'config' | 'added';
  owner_id: string | null;
  status: BotStatus;
  status_reason: string | null;
  modules: string[];
  branding: BotBranding;
}

const COLUMNS = `id, token, token_sealed, token_key_id, api_root, webhook_secret, update_epoch, me, source, owner_id, status, status_reason, modules, branding`;

/** The main bot's secrets as this process's configuration has them. */
export interface MainCredentials {
  id: number;
  token: string;
  webhookSecret?: string;
  updateEpoch?: string;
}

/** How the store reads and writes tokens: sealed under the cipher's key; none, no added bot opens. */
export interface StoreKeys {
  cipher: TokenCipher | null;
  main: MainCredentials | undefined;
  log: Logger;
}

const knownModules = (modules: string[]): BotModule[] => modules.filter((m): m is BotModule => (BOT_MODULES as readonly string[]).includes(m));

export function profileOf(row: BotRow): BotProfile {
  return {
    id: Number(row.id),
    me: row.me,
    source: row.source,
    ...(row.owner_id !== null ? { ownerId: Number(row.owner_id) } : {}),
    status: row.status,
    ...(row.status_reason !== null ? { statusReason: row.status_reason } : {}),
    modules: knownModules(row.modules),
    branding: row.branding ?? {},
  };
}

/** A row as a bot. The main bot's row takes its token, secret and epoch from this process's configuration;
 * a main bot's row that this configuration does not name (another BOT_TOKEN mid-deploy) is not served here,
 * nor is a removed bot (no token), nor a bot whose token this process holds no key for (logged). */
function toBot(row: BotRow, keys: StoreKeys): ResolvedBot | null {
  const id = Number(row.id);
  const profile = profileOf(row);
  if (row.source === 'config') {
    if (keys.main?.id !== id) return null;
    const { token, webhookSecret, updateEpoch } = keys.main;
    return { ...profile, token, apiRoot: row.api_root, ...(webhookSecret !== undefined ? { webhookSecret } : {}), ...(updateEpoch !== undefined ? { updateEpoch } : {}) };
  }
  const token = openToken(row, keys);
  if (token === undefined) return null;
  return {
    ...profile,
    token,
    apiRoot: row.api_root,
    ...(row.webhook_secret !== null ? { webhookSecret: row.webhook_secret } : {}),
    ...(row.update_epoch !== null ? { updateEpoch: row.update_epoch } : {}),
  };
}

function openToken(row: BotRow, keys: StoreKeys): string | undefined {
  if (row.token !== null) return row.token;
  if (row.token_sealed === null || row.token_key_id === null) return undefined;
  if (!keys.cipher) {
    keys.log.error({ botId: Number(row.id) }, 'a bot token is sealed but TOKEN_ENCRYPTION_KEY is not set: the bot is not served');
    return undefined;
  }
  try {
    return keys.cipher.open(Number(row.id), { keyId: row.token_key_id, sealed: row.token_sealed });
  } catch (error) {
    keys.log.error({ err: error, botId: Number(row.id) }, 'a bot token could not be opened: the bot is not served');
    return undefined;
  }
}

export async function loadBot(db: DataSource, botId: number, keys: StoreKeys): Promise<ResolvedBot | null> {
  const [row] = (await db.query(`SELECT ${COLUMNS} FROM bot_registry.bots WHERE id = $1`, [botId])) as BotRow[];
  return row ? toBot(row, keys) : null;
}

export async function loadProfile(db: DataSource, botId: number): Promise<BotProfile | null> {
  const [row] = (await db.query(`SELECT ${COLUMNS} FROM bot_registry.bots WHERE id = $1`, [botId])) as BotRow[];
  return row ? profileOf(row) : null;
}

/** The bots to serve: active ones (a disabled or removed bot has no webhook and no polling). */
export async function listBotIds(db: DataSource): Promise<number[]> {
  const rows = (await db.query(`SELECT id FROM bot_registry.bots WHERE status = 'active' ORDER BY id`)) as Array<{ id: string }>;
  return rows.map((r) => Number(r.id));
}

export async function profilesOwnedBy(db: DataSource, ownerId: number): Promise<BotProfile[]> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM bot_registry.bots WHERE owner_id = $1 AND status <> 'removed' ORDER BY added_at, id`, [ownerId])) as BotRow[];
  return rows.map(profileOf);
}

export async function loadConnections(db: DataSource): Promise<Map<number, string>> {
  const rows = (await db.query(`SELECT id, connected_as FROM bot_registry.bots WHERE connected_as IS NOT NULL`)) as Array<{ id: string; connected_as: string }>;
  return new Map(rows.map((r) => [Number(r.id), r.connected_as]));
}

/** Leaves updated_at alone: the reload must not take a connection for a change of the bot. */
export async function saveConnection(db: DataSource, botId: number, digest: string | null): Promise<void> {
  await db.query(`UPDATE bot_registry.bots SET connected_as = $2 WHERE id = $1`, [botId, digest]);
}

/** The directory's state as every process compares it on reload: a changed row is forgotten and reconnected. */
export async function versions(db: DataSource): Promise<Map<number, string>> {
  const rows = (await db.query(`SELECT id, updated_at::text AS at FROM bot_registry.bots`)) as Array<{ id: string; at: string }>;
  return new Map(rows.map((r) => [Number(r.id), r.at]));
}

/** The main bot's row: only what is not secret (its getMe answer, its API root). Token, secret and epoch
 * stay in the configuration of each process. Modules: every one (the operator's bot can do all). */
export async function saveMainBot(db: DataSource, bot: { id: number; apiRoot: string; me: UserFromGetMe }, keys: StoreKeys): Promise<ResolvedBot> {
  const [row] = (await db.query(
    `INSERT INTO bot_registry.bots (id, token, api_root, me, source, modules)
     VALUES ($1, NULL, $2, $3::jsonb, 'config', $4)
     ON CONFLICT (id) DO UPDATE SET
       token = NULL, token_sealed = NULL, token_key_id = NULL, webhook_secret = NULL, update_epoch = NULL, owner_id = NULL,
       api_root = EXCLUDED.api_root, me = EXCLUDED.me, source = 'config', status = 'active', status_reason = NULL,
       modules = EXCLUDED.modules, updated_at = now()
     RETURNING ${COLUMNS}`,
    [bot.id, bot.apiRoot, JSON.stringify(bot.me), [...BOT_MODULES]],
  )) as BotRow[];
  const saved = row && toBot(row, keys);
  if (!saved) throw new Error('saving the main bot returned no row');
  return saved;
}

export interface AddedBotRow {
  id: number;
  token: string;
  apiRoot: string;
  me: UserFromGetMe;
  webhookSecret: string;
  /** The secret was given (kept over the stored one) rather than made up for a new row. */
  secretGiven: boolean;
  updateEpoch?: string;
  ownerId?: number;
  modules?: readonly BotModule[];
  branding?: BotBranding;
  /** Write only when the id is new, or its row was removed; undefined comes back otherwise. */
  mustBeNew: boolean;
}

/** Writes an added bot's row with its token sealed. Added again (a token changed in BotFather), it keeps the
 * secret it has unless a new one is given, since the webhook Telegram holds still carries it, and it is active
 * again. Undefined: `mustBeNew` and the bot is already there, unless it was removed, or it was disabled (its
 * token revoked) and its owner brings it back with the new token: then its modules and branding are kept. */
export async function saveAddedBot(db: Queryable, bot: AddedBotRow, keys: StoreKeys & { cipher: TokenCipher }): Promise<ResolvedBot | undefined> {
  const sealed = keys.cipher.seal(bot.id, bot.token);
  const rows = (await db.query(
    `INSERT INTO bot_registry.bots (id, token, token_sealed, token_key_id, api_root, webhook_secret, update_epoch, me, source, owner_id, modules, branding)
     VALUES ($1, NULL, $2, $3, $4, $5, $6, $7::jsonb, 'added', $8, $9, $10::jsonb)
     ON CONFLICT (id) DO UPDATE SET
       token = NULL, token_sealed = EXCLUDED.token_sealed, token_key_id = EXCLUDED.token_key_id,
       api_root = EXCLUDED.api_root,
       webhook_secret = CASE WHEN $11 OR bot_registry.bots.status = 'removed' THEN EXCLUDED.webhook_secret ELSE COALESCE(bot_registry.bots.webhook_secret, EXCLUDED.webhook_secret) END,
       update_epoch = COALESCE(EXCLUDED.update_epoch, bot_registry.bots.update_epoch),
       me = EXCLUDED.me, source = 'added',
       owner_id = COALESCE(EXCLUDED.owner_id, bot_registry.bots.owner_id),
       modules = CASE WHEN ($12 AND NOT (bot_registry.bots.status = 'disabled' AND bot_registry.bots.owner_id = EXCLUDED.owner_id)) OR bot_registry.bots.status = 'removed' THEN EXCLUDED.modules ELSE bot_registry.bots.modules END,
       branding = CASE WHEN ($13 AND NOT (bot_registry.bots.status = 'disabled' AND bot_registry.bots.owner_id = EXCLUDED.owner_id)) OR bot_registry.bots.status = 'removed' THEN EXCLUDED.branding ELSE bot_registry.bots.branding END,
       status = 'active', status_reason = NULL, status_at = now(), updated_at = now()
     WHERE bot_registry.bots.source = 'added' AND (NOT $14 OR bot_registry.bots.status = 'removed' OR (bot_registry.bots.status = 'disabled' AND bot_registry.bots.owner_id = EXCLUDED.owner_id))
     RETURNING ${COLUMNS}`,
    [
      bot.id, sealed.sealed, sealed.keyId, bot.apiRoot, bot.webhookSecret, bot.updateEpoch ?? null, JSON.stringify(bot.me),
      bot.ownerId ?? null, [...(bot.modules ?? ['raids'])], JSON.stringify(bot.branding ?? {}),
      bot.secretGiven, bot.modules !== undefined, bot.branding !== undefined, bot.mustBeNew,
    ],
  )) as BotRow[];
  const [row] = rows;
  if (!row) return undefined;
  const saved = toBot(row, keys);
  if (!saved) throw new Error('a saved bot could not be read back');
  return saved;
}

/** Changes what the owner may change; undefined for a bot that is not there or removed. */
export async function updateBot(db: Queryable, botId: number, change: { modules?: readonly BotModule[]; branding?: BotBranding }): Promise<BotProfile | undefined> {
  const [row] = (await db.query(
    `WITH changed AS (
       UPDATE bot_registry.bots SET
         modules = COALESCE($2, modules), branding = COALESCE($3::jsonb, branding), updated_at = now()
       WHERE id = $1 AND status <> 'removed'
       RETURNING ${COLUMNS})
     SELECT * FROM changed`,
    [botId, change.modules ? [...change.modules] : null, change.branding ? JSON.stringify(change.branding) : null],
  )) as BotRow[];
  return row ? profileOf(row) : undefined;
}

/** Marks a bot disabled (Telegram refused its token) or removed (token and secret wiped). Only an added bot;
 * true when the status changed (a second 401 of the same outage changes nothing). */
export async function setStatus(db: Queryable, botId: number, status: 'disabled' | 'removed', reason: string): Promise<boolean> {
  const rows = (await db.query(
    `WITH changed AS (
       UPDATE bot_registry.bots SET
         status = $2, status_reason = $3, status_at = now(), updated_at = now(),
         token = CASE WHEN $2 = 'removed' THEN NULL ELSE token END,
         token_sealed = CASE WHEN $2 = 'removed' THEN NULL ELSE token_sealed END,
         token_key_id = CASE WHEN $2 = 'removed' THEN NULL ELSE token_key_id END,
         webhook_secret = CASE WHEN $2 = 'removed' THEN NULL ELSE webhook_secret END
       WHERE id = $1 AND source = 'added' AND status <> $2 AND status <> 'removed'
       RETURNING id)
     SELECT id FROM changed`,
    [botId, status, reason],
  )) as Array<{ id: string }>;
  return rows.length > 0;
}

/** Seals the tokens of rows written before tokens were sealed, and re-seals every token not sealed under the
 * current key (`warhorn tokens rotate`). One row at a time, each in its own statement: a crash leaves every
 * row readable with one of the keys. Returns the ids changed. */
export async function resealTokens(db: DataSource, keys: StoreKeys & { cipher: TokenCipher }): Promise<{ resealed: number[]; unreadable: number[] }> {
  const rows = (await db.query(
    `SELECT ${COLUMNS} FROM bot_registry.bots WHERE source = 'added' AND (token IS NOT NULL OR (token_sealed IS NOT NULL AND token_key_id <> $1)) ORDER BY id`,
    [keys.cipher.currentKeyId],
  )) as BotRow[];
  const resealed: number[] = [];
  const unreadable: number[] = [];
  for (const row of rows) {
    const token = openToken(row, keys);
    if (token === undefined) {
      unreadable.push(Number(row.id));
      continue;
    }
    const sealed = keys.cipher.seal(Number(row.id), token);
    // Only if the row still holds what was read: a token changed meanwhile is already sealed under the new key.
    const changed = (await db.query(
      `WITH changed AS (
         UPDATE bot_registry.bots SET token = NULL, token_sealed = $2, token_key_id = $3
         WHERE id = $1 AND token IS NOT DISTINCT FROM $4 AND token_sealed IS NOT DISTINCT FROM $5
         RETURNING id)
       SELECT id FROM changed`,
      [row.id, sealed.sealed, sealed.keyId, row.token, row.token_sealed],
    )) as unknown[];
    if (changed.length) resealed.push(Number(row.id));
  }
  return { resealed, unreadable };
}

/** The main bot is whichever BOT_TOKEN names now: a main bot of an earlier configuration is no longer served
 * (as before the registry, when only the configured bot was). Returns the ids removed. */
export async function retireFormerMainBots(db: DataSource, mainId: number): Promise<number[]> {
  const rows = (await db.query(
    `WITH gone AS (DELETE FROM bot_registry.bots WHERE source = 'config' AND id <> $1 RETURNING id) SELECT id FROM gone`,
    [mainId],
  )) as Array<{ id: string }>;
  return rows.map((r) => Number(r.id));
}
