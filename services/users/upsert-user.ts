import type { Tx } from '../platform/database.js';

export interface TelegramProfile {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
}

// One round trip on the hot path (every update). The profile is rewritten only when it changed or the
// last-seen mark is older than five minutes, so a chatty member does not turn every message into a write.
// `xmax = 0` is true only for a freshly inserted row: that is how we know a user was just registered.
const UPSERT = `
  INSERT INTO users.users AS u (telegram_id, username, first_name, last_name, language_code, is_premium, first_bot_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (telegram_id) DO UPDATE SET
    username = EXCLUDED.username,
    first_name = EXCLUDED.first_name,
    last_name = EXCLUDED.last_name,
    language_code = EXCLUDED.language_code,
    is_premium = EXCLUDED.is_premium,
    last_seen_at = now()
  WHERE (u.username, u.first_name, u.last_name, u.language_code, u.is_premium)
          IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.language_code, EXCLUDED.is_premium)
     OR u.last_seen_at < now() - interval '5 minutes'
  RETURNING (xmax = 0) AS inserted`;

/** Returns true when this call created the user. */
export async function upsertUser(tx: Tx, profile: TelegramProfile, botId: number): Promise<boolean> {
  const rows: Array<{ inserted: boolean }> = await tx.query(UPSERT, [
    profile.id,
    profile.username ?? null,
    profile.first_name,
    profile.last_name ?? null,
    profile.language_code ?? null,
    profile.is_premium ?? false,
    botId,
  ]);
  return rows[0]?.inserted === true;
}
