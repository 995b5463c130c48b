import type { DataSource } from 'typeorm';
import type { UserFromGetMe } from 'grammy/types';
import type { ResolvedBot } from './types.js';

interface BotRow {
  id: string;
  token: string;
  api_root: string;
  webhook_secret: string | null;
  update_epoch: string | null;
  me: UserFromGetMe;
}

const toBot = (row: BotRow): ResolvedBot => ({
  id: Number(row.id),
  token: row.token,
  apiRoot: row.api_root,
  me: row.me,
  ...(row.webhook_secret !== null ? { webhookSecret: row.webhook_secret } : {}),
  ...(row.update_epoch !== null ? { updateEpoch: row.update_epoch } : {}),
});

export async function loadBot(db: DataSource, botId: number): Promise<ResolvedBot | null> {
  const [row] = (await db.query(
    `SELECT id, token, api_root, webhook_secret, update_epoch, me FROM bot_registry.bots WHERE id = $1`,
    [botId],
  )) as BotRow[];
  return row ? toBot(row) : null;
}

export async function listBotIds(db: DataSource): Promise<number[]> {
  const rows = (await db.query(`SELECT id FROM bot_registry.bots ORDER BY id`)) as Array<{ id: string }>;
  return rows.map((r) => Number(r.id));
}

/** Writes a bot's row. The main bot's row follows its configuration at every start (`config`): the secret and
 * epoch are what config says, unset included. An added bot added again (a rotated token) keeps the secret it has unless
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
       webhook_secret = CASE WHEN $7 = 'config' THEN EXCLUDED.webhook_secret ELSE COALESCE($8, bot_registry.bots.webhook_secret) END,
       update_epoch = CASE WHEN $7 = 'config' THEN EXCLUDED.update_epoch ELSE COALESCE($9, bot_registry.bots.update_epoch) END,
       me = EXCLUDED.me,
       source = CASE WHEN bot_registry.bots.source = 'config' THEN 'config' ELSE EXCLUDED.source END,
       updated_at = now()
     RETURNING id, token, api_root, webhook_secret, update_epoch, me`,
    [bot.id, bot.token, bot.apiRoot, bot.webhookSecret ?? null, bot.updateEpoch ?? null, JSON.stringify(bot.me), source, bot.secretGiven ? (bot.webhookSecret ?? null) : null, source === 'added' ? (bot.updateEpoch ?? null) : null],
  )) as BotRow[];
  if (!row) throw new Error('saving a bot returned no row');
  return toBot(row);
}

/** The main bot is whichever BOT_TOKEN names now: a main bot of an earlier configuration is no longer served
 * (as before the registry, when only the configured bot was). Returns the ids removed. */
export async function retireFormerMainBots(db: DataSource, mainId: number): Promise<number[]> {
  const [rows] = (await db.query(`DELETE FROM bot_registry.bots WHERE source = 'config' AND id <> $1 RETURNING id`, [mainId])) as [Array<{ id: string }>, number];
  return rows.map((r) => Number(r.id));
}
