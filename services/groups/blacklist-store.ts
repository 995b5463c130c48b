// A group's blacklist. X accounts are stored as an admin can type them (a lowercase username, or an id):
// /blacklist must not spend an X request, and a username is matched against the username the member's
// claim carried (validation does that matching: it knows the claims).
import type { Tx } from '../platform/database.js';
import { telegramUserId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';

export type BlacklistKind = 'telegram' | 'x';

/** A group's blacklist as stored: Telegram ids, and X accounts as typed (user ids or lowercase usernames). */
export interface BlacklistEntries {
  telegramUserIds: TelegramUserId[];
  xAccounts: string[];
}

/** The stored form of a value, or null when it cannot be one (an admin's typo). */
export function normalizeBlacklistValue(kind: BlacklistKind, raw: string): string | null {
  const v = raw.trim();
  if (kind === 'telegram') return /^[1-9]\d{0,15}$/.test(v) && Number.isSafeInteger(Number(v)) ? v : null;
  const name = v.replace(/^@/, '').toLowerCase();
  return /^[a-z0-9_]{1,15}$/.test(name) || /^[1-9]\d{0,19}$/.test(name) ? name : null;
}

export async function addToBlacklist(tx: Tx, chatId: ChatId, kind: BlacklistKind, value: string, adminId: TelegramUserId, at: Date): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO groups.blacklist (chat_id, kind, value, added_by, added_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING value`,
    [chatId, kind, value, adminId, at],
  );
  return rows.length > 0;
}

export async function removeFromBlacklist(tx: Tx, chatId: ChatId, kind: BlacklistKind, value: string): Promise<boolean> {
  // A SELECT around the DELETE: TypeORM's query() answers a bare DELETE with [rows, count], not rows.
  const rows: Array<{ n: number }> = await tx.query(
    `WITH gone AS (DELETE FROM groups.blacklist WHERE chat_id = $1 AND kind = $2 AND value = $3 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [chatId, kind, value],
  );
  return (rows[0]?.n ?? 0) > 0;
}

export async function loadBlacklist(tx: Tx, chatId: ChatId): Promise<BlacklistEntries> {
  const rows: Array<{ kind: BlacklistKind; value: string }> = await tx.query(`SELECT kind, value FROM groups.blacklist WHERE chat_id = $1 ORDER BY kind, value`, [chatId]);
  return {
    // `value` is text (it holds X accounts too), so Telegram ids are converted here. Before values were held to
    // safe integers, up to 20 digits were taken: such a row names no Telegram user and is left out.
    telegramUserIds: rows.filter((r) => r.kind === 'telegram' && Number.isSafeInteger(Number(r.value))).map((r) => telegramUserId(r.value)),
    xAccounts: rows.filter((r) => r.kind === 'x').map((r) => r.value),
  };
}
