import type { DataSource } from 'typeorm';
import type { UserFromGetMe } from 'grammy/types';
import type { ResolvedBot } from './types.js';

interface BotRow {
  id: string;
  /** Null for the main bot: its token is the configuration's, never stored. */
  token: string | null;
  api_root: string;
  webhook_secret: string | null;
  update_epoch: string | null;
  me: UserFromGetMe;
}

/** The main bot's secrets as this process's configuration has them. */
export interface MainCredentials {
  id: number;
  token: string;
  webhookSecret?: string;
  updateEpoch?: string;
}

/** A row as a bot. The main bot's row takes its token, secret and epoch from this process's configuration;
 * a main bot's row that this configuration does not name (another BOT_TOKEN mid-deploy) is not served here. */
function toBot(row: BotRow, main: MainCredentials | undefined): ResolvedBot | null {
  const id = Number(row.id);
  const fromConfig = row.token === null;
  if (fromConfig && main?.id !== id) return null;
  const token = row.token ?? main!.token;
  const webhookSecret = fromConfig ? main?.webhookSecret : (row.webhook_secret ?? undefined);
  const updateEpoch = fromConfig ? main?.updateEpoch : (row.update_epoch ?? undefined);
  return {
    id,
    token,
    apiRoot: row.api_root,
    me: row.me,
    ...(webhookSecret !== undefined ? { webhookSecret } : {}),
    ...(updateEpoch !== undefined ? { updateEpoch } : {}),
  };
}

export async function loadBot(db: DataSource, botId: number, main: MainCredentials | undefined): Promise<ResolvedBot | null> {
  const [row] = (await db.query(
    `SELECT id, token, api_root, webhook_secret, update_epoch, me FROM bot_registry.bots WHERE id = $1`,
    [botId],
  )) as BotRow[];
  return row ? toBot(row, main) : null;
}

export async function listBotIds(db: DataSource): Promise<number[]> {
  const rows = (await db.query(`SELECT id FROM bot_registry.bots ORDER BY id`)) as Array<{ id: string }>;
  return rows.map((r) => Number(r.id));
}

/** Writes a bot's row. The main bot's row (`config`) keeps only what is not secret (its getMe answer, its API
 * root): token, secret and epoch stay in the configuration of each process. An added bot added again (a rotated token) keeps the secret it has unless
 * a new one is given (`secretGiven`): the webhook Telegram holds still carries it. */
export async function saveBot(
  db: DataSource,
  bot: { id: number; token: string; apiRoot: string; me: UserFromGetMe; webhookSecret?: string; updateEpoch?: string; secretGiven?: boolean },
  source: 'config' | 'added',
): Promise<ResolvedBot> {
  const [row] = (await db.query(
    `INSERT INTO bot_registry.bots (id, token, api_root, webhook_secret, update_epoch, me, source)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (id) DO UPDATE SET
       token = EXCLUDED.token,
       api_root = EXCLUDED.api_root,
       webhook_secret = CASE WHEN $7 = 'config' THEN NULL ELSE COALESCE($8, bot_registry.bots.webhook_secret) END,
       update_epoch = CASE WHEN $7 = 'config' THEN NULL ELSE COALESCE($9, bot_registry.bots.update_epoch) END,
       me = EXCLUDED.me,
       source = EXCLUDED.source,
       updated_at = now()
     RETURNING id, token, api_root, webhook_secret, update_epoch, me`,
    [
      bot.id,
      source === 'config' ? null : bot.token,
      bot.apiRoot,
      source === 'config' ? null : (bot.webhookSecret ?? null),
      source === 'config' ? null : (bot.updateEpoch ?? null),
      JSON.stringify(bot.me),
      source,
      bot.secretGiven ? (bot.webhookSecret ?? null) : null,
      source === 'added' ? (bot.updateEpoch ?? null) : null,
    ],
  )) as BotRow[];
  if (!row) throw new Error('saving a bot returned no row');
  const saved = toBot(row, source === 'config' ? { id: bot.id, token: bot.token, ...(bot.webhookSecret !== undefined ? { webhookSecret: bot.webhookSecret } : {}), ...(bot.updateEpoch !== undefined ? { updateEpoch: bot.updateEpoch } : {}) } : undefined);
  if (!saved) throw new Error('a saved bot could not be read back');
  return saved;
}

/** The main bot is whichever BOT_TOKEN names now: a main bot of an earlier configuration is no longer served
 * (as before the registry, when only the configured bot was). Returns the ids removed. */
export async function retireFormerMainBots(db: DataSource, mainId: number): Promise<number[]> {
  const [rows] = (await db.query(`DELETE FROM bot_registry.bots WHERE source = 'config' AND id <> $1 RETURNING id`, [mainId])) as [Array<{ id: string }>, number];
  return rows.map((r) => Number(r.id));
}
