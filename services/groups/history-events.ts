// The events the groups service records in history: each action with the subject it is about and its data.
// Ids inside data are strings, as they always were in the stored trail (the hash chain covers those bytes).
import type { AdminEntry } from './admins.js';
import type { BlacklistKind } from './blacklist-store.js';

type AdminCause = { cause?: string };
type AdminStatus = AdminEntry['status'];
type Rights = AdminEntry['rights'];

export type GroupHistoryEvent =
  | { action: 'group.registered' | 'group.rejoined'; subject: 'group'; data: { title: string; type: string; botId: string; botStatus: string } }
  | { action: 'group.bot_removed'; subject: 'group'; data: { status: string } }
  | { action: 'group.migrated'; subject: 'group'; data: { fromChatId: string; toChatId: string } }
  | { action: 'group.settings_changed'; subject: 'group'; data: { key: string; value: unknown } }
  | { action: 'group.blacklist_added' | 'group.blacklist_removed'; subject: 'group'; data: { kind: BlacklistKind; value: string } }
  // Written by two paths: a member update (which carries the rights) and a full resync (which carries its cause).
  | { action: 'group.admin_added'; subject: 'group'; data: { userId: string; status: AdminStatus; isBot: boolean; rights?: Rights } & AdminCause }
  | { action: 'group.admin_rights_changed'; subject: 'group'; data: { userId: string; status: AdminStatus; isBot?: boolean; rights: Rights } & AdminCause }
  | { action: 'group.admin_removed'; subject: 'group'; data: { userId: string; reason: string } & AdminCause };
