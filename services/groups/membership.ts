import type { Chat, ChatMember, ChatMemberUpdated } from 'grammy/types';
import type { GroupsDeps } from './deps.js';
import { adminEntry, isAdminStatus, isPresent, removalReason, type AdminEntry } from './admins.js';
import { deleteAdmin, saveAdmin } from './admin-store.js';
import { loadGroup, markRemoved, markSynced, setBotStatus, upsertGroup } from './group-store.js';
import { applyAdminList } from './sync-admins.js';
import { forgetStanding } from './member-check.js';
import { chatId as toChatId, telegramUserId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';

type GroupChat = Chat.GroupChat | Chat.SupergroupChat;
const isGroup = (chat: Chat): chat is GroupChat => chat.type === 'group' || chat.type === 'supergroup';

const rightsOf = (m: ChatMember) => adminEntry(m)?.rights ?? {};

// The updates are grammY's: their ids become the platform's Telegram ids here, once per update.

/** The bot's own membership changed (my_chat_member): added, removed, promoted or demoted. */
export async function botMembershipChanged(deps: GroupsDeps, botId: number, update: ChatMemberUpdated): Promise<void> {
  if (!isGroup(update.chat)) return;
  const was = isPresent(update.old_chat_member);
  const now = isPresent(update.new_chat_member);
  if (!was && now) return registerGroup(deps, botId, update.chat, telegramUserId(update.from.id), update.new_chat_member);
  if (was && !now) return botRemoved(deps, toChatId(update.chat.id), telegramUserId(update.from.id), update.new_chat_member.status);
  if (now) await botRightsChanged(deps, botId, update.chat, update.new_chat_member);
}

/** Registers (or reactivates) a group with Telegram's admin list, and greets it, in one transaction. */
export async function registerGroup(
  deps: GroupsDeps,
  botId: number,
  chat: GroupChat,
  addedBy: TelegramUserId | null,
  botMember: ChatMember,
  known?: ChatMember[],
): Promise<void> {
  const id = toChatId(chat.id);
  // Read Telegram before opening the transaction: no row lock is held across a network call.
  const members = known ?? (await deps.telegram.getChatAdministrators(botId, id));
  const admins = members.map(adminEntry).filter((a): a is AdminEntry => a !== null);
  const botIsAdmin = isAdminStatus(botMember.status);
  await deps.db.transaction(async (tx) => {
    const { existed } = await upsertGroup(tx, {
      chatId: id,
      botId,
      title: chat.title,
      type: chat.type,
      botStatus: botMember.status,
      botRights: rightsOf(botMember),
      addedBy,
    });
    await deps.history.append(tx, {
      actor: addedBy ? { kind: 'user', id: String(addedBy) } : { kind: 'system' },
      action: existed ? 'group.rejoined' : 'group.registered',
      subject: { kind: 'group', id: String(id) },
      data: { title: chat.title, type: chat.type, botId: String(botId), botStatus: botMember.status },
    });
    await applyAdminList(deps, tx, id, admins, existed ? 'rejoined' : 'registered');
    await markSynced(tx, id);
    await deps.notifications.enqueue(tx, {
      botId,
      chatId: id,
      method: 'sendMessage',
      payload: deps.messages(botId).welcome({ title: chat.title, botIsAdmin, rejoined: existed }),
    });
  });
  deps.log.info({ chatId: id, admins: admins.length }, 'group registered');
}

/** Registers a group we find ourselves in without having seen the bot being added (for instance the bot
 * was added while the platform was down). The bot's own status is read from the admin list. */
export async function ensureRegistered(deps: GroupsDeps, botId: number, chat: GroupChat): Promise<void> {
  const admins = await deps.telegram.getChatAdministrators(botId, toChatId(chat.id));
  const self = admins.find((m) => m.user.id === botId);
  const botMember: ChatMember = self ?? { status: 'member', user: { id: botId, is_bot: true, first_name: 'bot' } };
  await registerGroup(deps, botId, chat, null, botMember, admins);
}

/** The bot left or was removed: the group goes inactive and keeps all its data. */
export async function botRemoved(deps: GroupsDeps, chatId: ChatId, by: TelegramUserId | null, status: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const group = await loadGroup(tx, chatId, true);
    if (!group || !group.active) return;
    await markRemoved(tx, chatId, status);
    await deps.history.append(tx, {
      actor: by ? { kind: 'user', id: String(by) } : { kind: 'system' },
      action: 'group.bot_removed',
      subject: { kind: 'group', id: String(chatId) },
      data: { status },
    });
  });
}

async function botRightsChanged(deps: GroupsDeps, botId: number, chat: GroupChat, member: ChatMember): Promise<void> {
  const id = toChatId(chat.id);
  const admins = (await deps.telegram.getChatAdministrators(botId, id)).map(adminEntry).filter((a): a is AdminEntry => a !== null);
  await deps.db.transaction(async (tx) => {
    const group = await loadGroup(tx, id, true);
    if (!group) return;
    await setBotStatus(tx, id, member.status, rightsOf(member));
    await applyAdminList(deps, tx, id, admins, 'bot rights changed');
    await markSynced(tx, id, chat.title);
  });
}

/** Another member's status changed (chat_member): keep the admin list exact. */
export async function memberChanged(deps: GroupsDeps, botId: number, update: ChatMemberUpdated): Promise<void> {
  if (!isGroup(update.chat) || update.new_chat_member.user.id === botId) return;
  const before = adminEntry(update.old_chat_member);
  const after = adminEntry(update.new_chat_member);
  if (!before && !after) return;
  const id = toChatId(update.chat.id);
  const userId = telegramUserId(update.new_chat_member.user.id);
  const subject = { kind: 'group', id: String(id) } as const;
  const actor = { kind: 'user' as const, id: String(update.from.id) };
  await deps.db.transaction(async (tx) => {
    const group = await loadGroup(tx, id, true);
    if (!group) return;
    if (after) {
      await saveAdmin(tx, id, after);
      await deps.history.append(tx, {
        actor,
        action: before ? 'group.admin_rights_changed' : 'group.admin_added',
        subject,
        data: { userId: String(userId), status: after.status, isBot: after.isBot, rights: after.rights },
      });
    } else {
      await deleteAdmin(tx, id, userId);
      await deps.history.append(tx, {
        actor,
        action: 'group.admin_removed',
        subject,
        data: { userId: String(userId), reason: removalReason(update.new_chat_member.status) },
      });
    }
  });
  // Telegram told us first-hand: no process may go on with an answer it read before the change.
  await forgetStanding(deps, id, userId);
}
