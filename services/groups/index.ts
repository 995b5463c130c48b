import type { Chat, ChatMemberUpdated } from 'grammy/types';
import type { ServiceSchema } from '../platform/database.js';
import { CreateGroups1764000002000 } from './migrations/create-groups-1764000002000.js';
import { GroupBlacklist1764000002100 } from './migrations/group-blacklist-1764000002100.js';
import { createBlacklist } from './blacklist.js';
import type { GroupsDeps } from './deps.js';
import { loadAdmins } from './admin-store.js';
import { loadGroup, saveSettings, type GroupRecord } from './group-store.js';
import { botMembershipChanged, ensureRegistered, memberChanged } from './membership.js';
import { migrateGroup } from './migrate-group.js';
import { refreshAllGroups, refreshGroup } from './refresh.js';
import { changeSetting, type GroupSettings, type SettingChange } from './settings.js';
import { standingOf } from './member-check.js';

export type { GroupsDeps, TelegramReader } from './deps.js';
export type { GroupRecord } from './group-store.js';
export type { AdminEntry } from './admins.js';
export type { GroupSettings, SettingChange } from './settings.js';
export type { BlacklistEntries, BlacklistKind } from './blacklist-store.js';
export { createBlacklist, type Blacklist, type BlacklistChange, type BlacklistDeps } from './blacklist.js';
export { defaultSettings, MAX_RAID_MINUTES, MIN_RAID_MINUTES, RAID_LENGTH_RANGE, SETTING_KEYS } from './settings.js';
export { durationValue, formatSettingValue } from './settings-value.js';
export type { GroupMessages, MessageContent as GroupMessageContent } from './messages.js';

export const groupsSchema: ServiceSchema = { migrations: [CreateGroups1764000002000, GroupBlacklist1764000002100] };

export function createGroups(deps: GroupsDeps) {
  return {
    /** A group's blacklist: blacklistAdd/blacklistRemove for its admins, blacklist(chatId) for validation. */
    ...createBlacklist(deps),
    botMembershipChanged: (botId: number, update: ChatMemberUpdated) => botMembershipChanged(deps, botId, update),
    memberChanged: (botId: number, update: ChatMemberUpdated) => memberChanged(deps, botId, update),
    ensureRegistered: (botId: number, chat: Chat.GroupChat | Chat.SupergroupChat) => ensureRegistered(deps, botId, chat),
    migrate: (oldChatId: number, newChatId: number, title?: string) => migrateGroup(deps, oldChatId, newChatId, title),
    refresh: (chatId: number) => refreshGroup(deps, chatId),
    refreshAll: (options?: { concurrency?: number }) => refreshAllGroups(deps, options),

    get: (chatId: number): Promise<GroupRecord | null> => loadGroup(deps.db.manager, chatId),
    admins: (chatId: number) => loadAdmins(deps.db.manager, chatId),

    /** Whether the user is an admin of the group now, as Telegram says (getChatMember, reused for a few
     * seconds: member-check.ts). Every privileged action asks this, not the synced list, which a demotion
     * may not have reached; a difference found corrects the synced list. */
    isAdmin: async (chatId: number, userId: number): Promise<boolean> => (await standingOf(deps, chatId, userId)).admin !== null,
    /** Whether the user is in the group now, as Telegram says (the same check and cache). */
    isMember: async (chatId: number, userId: number): Promise<boolean> => (await standingOf(deps, chatId, userId)).present,

    /** Changes one setting for an admin, recording who changed what from what. */
    async changeSetting(chatId: number, actorId: number, key: string, raw: string): Promise<SettingChange> {
      return deps.db.transaction(async (tx) => {
        const group = await loadGroup(tx, chatId, true);
        if (!group) return { ok: false, error: 'this group is not registered yet' } as const;
        const change = changeSetting(group.settings, key, raw);
        if (!change.ok) return change;
        await saveSettings(tx, chatId, change.settings);
        await deps.history.append(tx, {
          actor: { kind: 'admin', id: String(actorId) },
          action: 'group.settings_changed',
          subject: { kind: 'group', id: String(chatId) },
          data: { key: change.key, value: change.value as never },
        });
        return change;
      });
    },

    settings: async (chatId: number): Promise<GroupSettings | null> => (await loadGroup(deps.db.manager, chatId))?.settings ?? null,
  };
}

export type Groups = ReturnType<typeof createGroups>;
