import type { Tx } from '../platform/database.js';
import { readSettings, type GroupSettings } from './settings.js';
import { chatId, type ChatId } from '../platform/telegram-ids.js';

export interface GroupRecord {
  chatId: ChatId;
  botId: number;
  title: string;
  type: 'group' | 'supergroup';
  active: boolean;
  botStatus: string;
  botRights: Record<string, boolean>;
  settings: GroupSettings;
  registeredAt: Date;
  removedAt: Date | null;
  migratedToChatId: ChatId | null;
  adminsSyncedAt: Date | null;
}

export const GROUP_COLUMNS = `chat_id, bot_id, title, type, active, bot_status, bot_rights, settings, registered_at, removed_at,
  migrated_to_chat_id, admins_synced_at`;

export function toGroupRecord(r: Record<string, unknown>): GroupRecord {
  return {
    chatId: chatId(r.chat_id as string),
    botId: Number(r.bot_id),
    title: r.title as string,
    type: r.type as GroupRecord['type'],
    active: r.active as boolean,
    botStatus: r.bot_status as string,
    botRights: r.bot_rights as Record<string, boolean>,
    settings: readSettings(r.settings),
    registeredAt: r.registered_at as Date,
    removedAt: (r.removed_at as Date | null) ?? null,
    migratedToChatId: r.migrated_to_chat_id === null ? null : chatId(r.migrated_to_chat_id as string),
    adminsSyncedAt: (r.admins_synced_at as Date | null) ?? null,
  };
}

/** `lock` takes the row lock so concurrent updates about one group apply one after another. */
export async function loadGroup(tx: Tx, chatId: ChatId, lock = false): Promise<GroupRecord | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT ${GROUP_COLUMNS} FROM groups.groups WHERE chat_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [chatId],
  );
  return rows[0] ? toGroupRecord(rows[0]) : null;
}

export async function loadGroups(tx: Tx, chatIds: readonly ChatId[]): Promise<GroupRecord[]> {
  if (chatIds.length === 0) return [];
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT ${GROUP_COLUMNS} FROM groups.groups WHERE chat_id = ANY($1::bigint[])`, [chatIds]);
  return rows.map(toGroupRecord);
}

export interface GroupUpsert {
  chatId: ChatId;
  botId: number;
  title: string;
  type: 'group' | 'supergroup';
  botStatus: string;
  botRights: Record<string, boolean>;
  addedBy: number | null;
  settings?: GroupSettings;
}

/** Registers the group, or reactivates it keeping its settings. Returns whether it existed before. */
export async function upsertGroup(tx: Tx, g: GroupUpsert): Promise<{ existed: boolean }> {
  const rows: Array<{ inserted: boolean }> = await tx.query(
    `INSERT INTO groups.groups AS g (chat_id, bot_id, title, type, bot_status, bot_rights, added_by, settings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (chat_id) DO UPDATE SET bot_id = EXCLUDED.bot_id, title = EXCLUDED.title, type = EXCLUDED.type,
       bot_status = EXCLUDED.bot_status, bot_rights = EXCLUDED.bot_rights, active = true, removed_at = NULL
     RETURNING (xmax = 0) AS inserted`,
    [g.chatId, g.botId, g.title, g.type, g.botStatus, JSON.stringify(g.botRights), g.addedBy, JSON.stringify(g.settings ?? {})],
  );
  return { existed: rows[0]?.inserted !== true };
}

export async function markRemoved(tx: Tx, chatId: ChatId, botStatus: string): Promise<void> {
  await tx.query(
    `UPDATE groups.groups SET active = false, removed_at = now(), bot_status = $2, bot_rights = '{}'::jsonb WHERE chat_id = $1`,
    [chatId, botStatus],
  );
}

export async function setBotStatus(tx: Tx, chatId: ChatId, status: string, rights: Record<string, boolean>): Promise<void> {
  await tx.query(`UPDATE groups.groups SET bot_status = $2, bot_rights = $3 WHERE chat_id = $1`, [chatId, status, JSON.stringify(rights)]);
}

export async function markSynced(tx: Tx, chatId: ChatId, title?: string): Promise<void> {
  await tx.query(`UPDATE groups.groups SET admins_synced_at = now(), title = COALESCE($2, title) WHERE chat_id = $1`, [chatId, title ?? null]);
}

export async function saveSettings(tx: Tx, chatId: ChatId, settings: GroupSettings): Promise<void> {
  await tx.query(`UPDATE groups.groups SET settings = $2 WHERE chat_id = $1`, [chatId, JSON.stringify(settings)]);
}

export async function activeGroupIds(tx: Tx, afterChatId: ChatId | null, limit: number): Promise<Array<{ chatId: ChatId; botId: number }>> {
  const rows: Array<{ chat_id: string; bot_id: string }> = await tx.query(
    `SELECT chat_id, bot_id FROM groups.groups WHERE active AND ($1::bigint IS NULL OR chat_id > $1) ORDER BY chat_id LIMIT $2`,
    [afterChatId, limit],
  );
  return rows.map((r) => ({ chatId: chatId(r.chat_id), botId: Number(r.bot_id) }));
}
