import type { DataSource } from 'typeorm';
import type { HistoryAppender } from '../history/index.js';
import type { UserHistoryEvent } from './history-events.js';

// Which events a member wants in private. Stored as the member's own choices only (keys they set); the
// defaults fill the rest when read, so a default changed later reaches every key nobody chose.

export type NotificationPrefs = {
  /** A raid started in one of my groups. */
  raidStarted: boolean;
  /** My claim's verdict (and an admin's decision on it). */
  verdicts: boolean;
  /** A reward share came my way. */
  rewards: boolean;
  /** My groups' announcements. */
  groupNews: boolean;
};

export const NOTIFICATION_KEYS = ['raidStarted', 'verdicts', 'rewards', 'groupNews'] as const satisfies ReadonlyArray<keyof NotificationPrefs>;

export const DEFAULT_NOTIFICATION_PREFS: Readonly<NotificationPrefs> = { raidStarted: false, verdicts: true, rewards: true, groupNews: false };

function withDefaults(stored: unknown): NotificationPrefs {
  const chosen = (stored ?? {}) as Partial<Record<string, unknown>>;
  const out = { ...DEFAULT_NOTIFICATION_PREFS };
  for (const key of NOTIFICATION_KEYS) if (typeof chosen[key] === 'boolean') out[key] = chosen[key];
  return out;
}

export function createNotificationPrefs(deps: { db: DataSource; history: HistoryAppender<UserHistoryEvent> }) {
  const { db, history } = deps;

  async function notificationPrefs(telegramId: number): Promise<NotificationPrefs> {
    const rows: Array<{ notification_prefs: unknown }> = await db.query(`SELECT notification_prefs FROM users.users WHERE telegram_id = $1`, [telegramId]);
    return withDefaults(rows[0]?.notification_prefs);
  }

  /** Sets the keys given and keeps the others; records what changed (nothing when nothing did). Null for
   * someone never seen (there is no row to keep choices on). */
  async function setNotificationPrefs(telegramId: number, change: Partial<NotificationPrefs>): Promise<NotificationPrefs | null> {
    return db.transaction(async (tx) => {
      const rows: Array<{ notification_prefs: unknown }> = await tx.query(
        `SELECT notification_prefs FROM users.users WHERE telegram_id = $1 FOR UPDATE`,
        [telegramId],
      );
      if (!rows[0]) return null;
      const chosen = { ...((rows[0].notification_prefs ?? {}) as Partial<NotificationPrefs>) };
      const before = withDefaults(chosen);
      const changed: Partial<NotificationPrefs> = {};
      for (const key of NOTIFICATION_KEYS) {
        const value = change[key];
        if (value === undefined) continue;
        chosen[key] = value;
        if (before[key] !== value) changed[key] = value;
      }
      if (Object.keys(changed).length === 0) return before;
      await tx.query(`UPDATE users.users SET notification_prefs = $2 WHERE telegram_id = $1`, [telegramId, JSON.stringify(chosen)]);
      await history.append(tx, {
        actor: { kind: 'user', id: String(telegramId) },
        action: 'user.notifications_changed',
        subject: { kind: 'user', id: String(telegramId) },
        data: { changed },
      });
      return withDefaults(chosen);
    });
  }

  return { notificationPrefs, setNotificationPrefs };
}
