// A history event in words: what happened, said from its action and data (services/groups/history-events.ts,
// services/raids/restore.ts), and who did it. Pure, so it is unit-tested; an unknown action shows as itself.
import type { HistoryEvent } from '../api/types';
import type { Format } from '../format';
import type { Texts } from '../texts/en';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? 'none' : JSON.stringify(v));

/** A setting's new value as /settings says it: durations in time units, switches on/off. */
function settingValue(key: string, value: unknown, texts: Texts, format: Format): string {
  if (typeof value === 'boolean') return value ? texts.common.on : texts.common.off;
  if (key === 'raid.duration' && typeof value === 'number') return format.minutes(value);
  if (value === null) return texts.settings.noToken;
  if (typeof value === 'string') return texts.settings.optionLabels[value] ?? value;
  return str(value);
}

export function eventTitle(e: HistoryEvent, texts: Texts, format: Format): string {
  const h = texts.history.actions;
  const d = e.data;
  switch (e.action) {
    case 'group.registered':
      return h.registered(str(d.title));
    case 'group.rejoined':
      return h.rejoined(str(d.title));
    case 'group.bot_removed':
      return h.botRemoved(str(d.status));
    case 'group.migrated':
      return h.migrated(str(d.toChatId));
    case 'group.settings_changed':
      return h.settingChanged(texts.settings.labels[str(d.key)] ?? str(d.key), settingValue(str(d.key), d.value, texts, format));
    case 'group.blacklist_added':
      return h.blacklistAdded(str(d.kind), str(d.value));
    case 'group.blacklist_removed':
      return h.blacklistRemoved(str(d.kind), str(d.value));
    case 'group.admin_added':
      return d.isBot === true ? h.botAdminAdded : h.adminAdded(str(d.userId));
    case 'group.admin_rights_changed':
      return h.adminRightsChanged(str(d.userId));
    case 'group.admin_removed':
      return h.adminRemoved(str(d.userId));
    case 'raid.chat_restored':
      return h.chatRestored(str(d.raidId));
    case 'raid.restore_given_up':
      return h.restoreGivenUp(str(d.raidId));
    default:
      return e.action;
  }
}

export function actorOf(e: HistoryEvent, texts: Texts): string {
  const a = texts.history.actors;
  switch (e.actor.kind) {
    case 'user':
    case 'admin':
      return e.actor.name ?? (e.actor.id ? a.user(e.actor.id) : a.someone);
    case 'bot':
      return a.bot;
    case 'system':
      return a.system;
  }
}
