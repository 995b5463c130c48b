import type { Chat, ChatMemberUpdated } from 'grammy/types';
import type { ServiceSchema } from '../platform/database.js';
import { CreateGroups1764000002000 } from './migrations/create-groups-1764000002000.js';
import { GroupBlacklist1764000002100 } from './migrations/group-blacklist-1764000002100.js';
import { createBlacklist, type Blacklist } from './blacklist.js';
import type { GroupsDeps } from './deps.js';
import { loadAdmins } from './admin-store.js';
import type { AdminEntry } from './admins.js';
import { loadGroup, loadGroups, saveSettings, type GroupRecord } from './group-store.js';
import { botMembershipChanged, ensureRegistered, memberChanged } from './membership.js';
import { migrateGroup } from './migrate-group.js';
import { refreshAllGroups, refreshGroup, type RefreshOutcome } from './refresh.js';
import { changeSetting, type GroupSettings, type SettingChange } from './settings.js';
import { standingOf } from './member-check.js';
import { groupsAdministeredBy } from './administered.js';
import { groupsOfMember, type MemberGroup } from './member-groups.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

export type { GroupsDeps, TelegramReader } from './deps.js';
export type { GroupRecord } from './group-store.js';
export type { AdminEntry } from './admins.js';
export type { MemberGroup } from './member-groups.js';
export type { GroupSettings, SettingChange } from './settings.js';
export type { BlacklistEntries, BlacklistKind } from './blacklist-store.js';
export { createBlacklist, type Blacklist, type BlacklistChange, type BlacklistDeps } from './blacklist.js';
export { defaultSettings, MAX_RAID_MINUTES, MIN_RAID_MINUTES, RAID_LENGTH_RANGE, SETTING_KEYS } from './settings.js';
export { durationValue, formatSettingValue } from './settings-value.js';
export { describeSetting, describeSettings, type SettingKind, type SettingSection, type SettingView } from './setting-catalog.js';
export type { GroupMessages, MessageContent as GroupMessageContent } from './messages.js';

export const groupsSchema: ServiceSchema = { migrations: [CreateGroups1764000002000, GroupBlacklist1764000002100] };

/** The groups the bots are in: membership, admins, settings and (from Blacklist) the blacklist. */
export interface Groups extends Blacklist {
  /** The bot's own membership changed (my_chat_member): added (registered, greeted), removed (inactive,
   * data kept), promoted or demoted (its rights and the admin list synced again). */
  botMembershipChanged(botId: number, update: ChatMemberUpdated): Promise<void>;
  /** Another member's status changed (chat_member): keeps the synced admin list exact, with history. */
  memberChanged(botId: number, update: ChatMemberUpdated): Promise<void>;
  /** Registers a group the bot finds itself in without having seen itself added (added while the platform
   * was down); its own status is read from the admin list. */
  ensureRegistered(botId: number, chat: Chat.GroupChat | Chat.SupergroupChat): Promise<void>;
  /** A group upgraded to a supergroup (a new chat id): its settings and admins follow it. Idempotent (Telegram
   * tells twice); false when there was nothing to move. */
  migrate(oldChatId: ChatId, newChatId: ChatId, title?: string): Promise<boolean>;
  /** Re-reads one group's admins from Telegram; a group the bot was removed from goes inactive. */
  refresh(chatId: ChatId): Promise<RefreshOutcome>;
  /** The daily job: every active group, a page at a time, a few Telegram calls in flight; counts per outcome. */
  refreshAll(options?: { concurrency?: number }): Promise<Record<RefreshOutcome, number>>;
  /** The group's row, or null for a group never registered. */
  get(chatId: ChatId): Promise<GroupRecord | null>;
  /** The rows of the registered groups among `chatIds`, in one query (feeds read a thousand at a time). */
  many(chatIds: readonly ChatId[]): Promise<GroupRecord[]>;
  /** The admin list as last synced (isAdmin asks Telegram instead). */
  admins(chatId: ChatId): Promise<AdminEntry[]>;
  /** The active groups whose synced admin list holds the user, by title (the Mini App's group list). */
  administeredBy(userId: TelegramUserId): Promise<GroupRecord[]>;
  /** Whether the user is an admin of the group now, as Telegram says (getChatMember, reused for a few
   * seconds: member-check.ts). Every privileged action asks this, not the synced list, which a demotion
   * may not have reached; a difference found corrects the synced list. */
  isAdmin(chatId: ChatId, userId: TelegramUserId): Promise<boolean>;
  /** Whether the user is in the group now, as Telegram says (the same check and cache). */
  isMember(chatId: ChatId, userId: TelegramUserId): Promise<boolean>;
  /** Changes one setting for an admin, recording who changed what from what. */
  changeSetting(chatId: ChatId, actorId: TelegramUserId, key: string, raw: string): Promise<SettingChange>;
  /** The group's settings, or null for a group never registered. */
  settings(chatId: ChatId): Promise<GroupSettings | null>;
  /** The active groups whose synced admin list names the user, plus those of `knownChatIds` (groups the
   * caller knows the user from: their messages, claims, verdicts), each with whether they are an admin. */
  groupsOfMember(userId: TelegramUserId, knownChatIds: readonly ChatId[]): Promise<MemberGroup[]>;
}

export function createGroups(deps: GroupsDeps): Groups {
  return {
    ...createBlacklist(deps),
    botMembershipChanged: (botId, update) => botMembershipChanged(deps, botId, update),
    memberChanged: (botId, update) => memberChanged(deps, botId, update),
    ensureRegistered: (botId, chat) => ensureRegistered(deps, botId, chat),
    migrate: (oldChatId, newChatId, title) => migrateGroup(deps, oldChatId, newChatId, title),
    refresh: (chatId) => refreshGroup(deps, chatId),
    refreshAll: (options) => refreshAllGroups(deps, options),

    get: (chatId) => loadGroup(deps.db.manager, chatId),
    many: (chatIds) => loadGroups(deps.db.manager, chatIds),
    admins: (chatId) => loadAdmins(deps.db.manager, chatId),
    administeredBy: (userId) => groupsAdministeredBy(deps.db.manager, userId),

    isAdmin: async (chatId, userId) => (await standingOf(deps, chatId, userId)).admin !== null,
    isMember: async (chatId, userId) => (await standingOf(deps, chatId, userId)).present,

    async changeSetting(chatId, actorId, key, raw) {
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

    settings: async (chatId) => (await loadGroup(deps.db.manager, chatId))?.settings ?? null,
    groupsOfMember: (userId, knownChatIds) => groupsOfMember(deps.db.manager, userId, knownChatIds),
  };
}
