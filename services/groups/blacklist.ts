// The blacklist as a small part of groups of its own: a group's list, kept by its admins, read by
// validation's anti-fraud through its deps. Apart from createGroups so validation's tests can build it
// without groups' Telegram reads.
import type { ServiceBase } from '../platform/service-base.js';
import type { History } from '../history/index.js';
import { addToBlacklist, loadBlacklist, normalizeBlacklistValue, removeFromBlacklist, type BlacklistEntries, type BlacklistKind } from './blacklist-store.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

export type BlacklistChange = { ok: true; changed: boolean; value: string } | { ok: false; error: 'invalid_value' };

/** The clock dates an entry. */
export interface BlacklistDeps extends Pick<ServiceBase, 'db' | 'clock'> {
  history: Pick<History, 'append'>;
}

export interface Blacklist {
  /** Adds a Telegram id or an X account (@username or id) for an admin, recording it in the history. */
  blacklistAdd(chatId: ChatId, kind: BlacklistKind, value: string, adminId: TelegramUserId): Promise<BlacklistChange>;
  /** Takes an entry off the list for an admin, recording it in the history. */
  blacklistRemove(chatId: ChatId, kind: BlacklistKind, value: string, adminId: TelegramUserId): Promise<BlacklistChange>;
  /** The group's list as stored (validation matches X usernames against its claims). */
  blacklist(chatId: ChatId): Promise<BlacklistEntries>;
}

export function createBlacklist(deps: BlacklistDeps): Blacklist {
  const { db, clock } = deps;

  async function change(add: boolean, chatId: ChatId, kind: BlacklistKind, raw: string, adminId: TelegramUserId): Promise<BlacklistChange> {
    const value = normalizeBlacklistValue(kind, raw);
    if (value === null) return { ok: false, error: 'invalid_value' };
    return db.transaction(async (tx) => {
      const changed = add ? await addToBlacklist(tx, chatId, kind, value, adminId, clock.now()) : await removeFromBlacklist(tx, chatId, kind, value);
      if (changed) {
        await deps.history.append(tx, {
          actor: { kind: 'admin', id: String(adminId) },
          action: add ? 'group.blacklist_added' : 'group.blacklist_removed',
          subject: { kind: 'group', id: String(chatId) },
          data: { kind, value },
        });
      }
      return { ok: true as const, changed, value };
    });
  }

  return {
    blacklistAdd: (chatId, kind, value, adminId) => change(true, chatId, kind, value, adminId),
    blacklistRemove: (chatId, kind, value, adminId) => change(false, chatId, kind, value, adminId),
    blacklist: (chatId) => loadBlacklist(db.manager, chatId),
  };
}
