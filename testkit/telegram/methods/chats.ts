// Chat information, members, permissions, pins.
import type { Core } from '../core.js';
import { badRequest } from '../errors.js';
import { IN_CHAT, type BotRecord, type ChatRecord, type Member } from '../state.js';
import type { ChatPermissions } from '../types.js';
import { chatFor, findMessage, nested, requireRight, type Handler } from './common.js';

const RESTRICT = 'not enough rights to restrict/unrestrict chat member';
const PIN = 'not enough rights to manage pinned messages in the chat';

/** Pinning needs can_pin_messages in groups, can_edit_messages in channels. */
const pinRight = (chat: ChatRecord) => (chat.type === 'channel' ? 'can_edit_messages' : 'can_pin_messages');

const getChat: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  const info: Record<string, unknown> = {
    ...core.world.chatObj(chat), accent_color_id: 0, max_reaction_count: 11,
    accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false },
  };
  if (chat.type === 'group' || chat.type === 'supergroup') info.permissions = { ...chat.permissions };
  const pinned = chat.pinned.at(-1);
  if (pinned !== undefined) info.pinned_message = nested(chat.messages.get(pinned)!);
  return info;
};

const getChatAdministrators: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  if (chat.type === 'private') throw badRequest('there are no administrators in the private chat');
  return [...chat.members.keys()].filter((id) => core.world.isAdmin(chat, id)).map((id) => core.world.memberObj(chat, id, bot.id));
};

function userParam(core: Core, p: Parameters<Handler>[2]): number {
  const id = p.requireInt('user_id');
  if (!core.world.users.has(id) && !core.world.bots.has(id)) throw badRequest('user not found');
  return id;
}

const getChatMember: Handler = (core, bot, p) => {
  // A channel's members are visible to its admins only (Telegram: 400 "member list is inaccessible").
  const found = chatFor(core, bot, p, 'lookup');
  if (found.type === 'channel' && !core.world.isAdmin(found, bot.id)) throw badRequest('member list is inaccessible');
  const chat = chatFor(core, bot, p, 'read');
  return core.world.memberObj(chat, userParam(core, p), bot.id);
};

const getChatMemberCount: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  core.world.settle(chat);
  return [...chat.members.values()].filter((m) => IN_CHAT.has(m.status) && m.isMember !== false).length;
};

/** Omitted permissions are false; without independent permissions some imply others (Bot API docs). */
function permissionsParam(p: Parameters<Handler>[2]): ChatPermissions {
  const given = p.json<Partial<ChatPermissions>>('permissions', 'permissions JSON object');
  if (!given || typeof given !== 'object') throw badRequest('permissions is empty');
  const perms = Object.fromEntries(
    (Object.keys(ALL_TRUE) as Array<keyof ChatPermissions>).map((k) => [k, given[k] === true]),
  ) as unknown as ChatPermissions;
  if (!p.bool('use_independent_chat_permissions')) {
    if (perms.can_send_other_messages || perms.can_add_web_page_previews) {
      Object.assign(perms, {
        can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true,
        can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true,
      });
    }
    if (perms.can_send_polls) perms.can_send_messages = true;
  }
  return perms;
}

const ALL_TRUE: ChatPermissions = {
  can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true,
  can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: true,
  can_send_other_messages: true, can_add_web_page_previews: true, can_change_info: true, can_invite_users: true,
  can_pin_messages: true, can_manage_topics: true,
};

const setChatPermissions: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  if (chat.type === 'private' || chat.type === 'channel') throw badRequest('method is available only for supergroups');
  requireRight(core, chat, bot, 'can_restrict_members', RESTRICT);
  chat.permissions = permissionsParam(p);
  return true;
};

/** The target of a moderation call: must be a known user who is not the owner or an admin. */
function moderationTarget(core: Core, chat: ChatRecord, bot: BotRecord, p: Parameters<Handler>[2]): number {
  const target = userParam(core, p);
  if (target === bot.id) throw badRequest("can't restrict self");
  const status = core.world.member(chat, target).status;
  if (status === 'creator') throw badRequest("can't remove chat owner");
  if (status === 'administrator') throw badRequest('user is an administrator of the chat');
  return target;
}

const restrictChatMember: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  if (chat.type !== 'supergroup') throw badRequest('method is available only for supergroups');
  requireRight(core, chat, bot, 'can_restrict_members', RESTRICT);
  const target = moderationTarget(core, chat, bot, p);
  const perms = permissionsParam(p);
  const old = core.world.member(chat, target);
  const inChat = IN_CHAT.has(old.status) && old.isMember !== false;
  const untilDate = untilParam(core, p);
  const unrestricted = Object.values(perms).every(Boolean);
  const next: Member = unrestricted
    ? { status: inChat ? 'member' : 'left' }
    : { status: 'restricted', permissions: perms, isMember: inChat, untilDate };
  core.setMember(chat, target, bot.id, next);
  return true;
};

/** until_date under 30 s or over 366 days from now means "forever" (0). */
function untilParam(core: Core, p: Parameters<Handler>[2]): number {
  const until = p.int('until_date') ?? 0;
  const now = core.world.nowSec();
  return until - now < 30 || until - now > 366 * 86400 ? 0 : until;
}

const banChatMember: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  if (chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  requireRight(core, chat, bot, 'can_restrict_members', RESTRICT);
  const target = moderationTarget(core, chat, bot, p);
  const before = core.world.member(chat, target);
  const wasIn = IN_CHAT.has(before.status) && before.isMember !== false;
  core.setMember(chat, target, bot.id, { status: 'kicked', untilDate: untilParam(core, p) });
  if (wasIn && chat.type !== 'channel') {
    const user = core.world.userObj(target);
    core.service(chat, bot.id, { left_chat_participant: user, left_chat_member: user });
  }
  return true;
};

const unbanChatMember: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  if (chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  requireRight(core, chat, bot, 'can_restrict_members', RESTRICT);
  const target = userParam(core, p);
  const m = core.world.member(chat, target);
  if (m.status === 'kicked') {
    core.setMember(chat, target, bot.id, { status: 'left' });
    return true;
  }
  if (p.bool('only_if_banned')) return true;
  // Without only_if_banned the call guarantees the user is out of the chat afterwards (but free to join again).
  if (target === bot.id) throw badRequest("can't restrict self");
  if (m.status === 'creator') throw badRequest("can't remove chat owner");
  if (m.status === 'administrator') throw badRequest('user is an administrator of the chat');
  if (IN_CHAT.has(m.status)) {
    core.setMember(chat, target, bot.id, { status: 'left' });
    if (m.isMember !== false && chat.type !== 'channel') {
      const user = core.world.userObj(target);
      core.service(chat, bot.id, { left_chat_participant: user, left_chat_member: user });
    }
  }
  return true;
};

const leaveChat: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  if (chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  core.setMember(chat, bot.id, bot.id, { status: 'left' });
  if (chat.type === 'channel') return true; // channels show no join/leave messages
  const me = core.world.userObj(bot.id);
  core.service(chat, bot.id, { left_chat_participant: me, left_chat_member: me });
  return true;
};

const pinChatMessage: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  requireRight(core, chat, bot, pinRight(chat), PIN);
  const id = p.int('message_id');
  const stored = findMessage(chat, id, 'message to pin not found');
  stored.pinned = true;
  chat.pinned = [...chat.pinned.filter((m) => m !== id), id!];
  const note = core.service(chat, bot.id, { pinned_message: nested(stored) });
  core.events.emit('bot-message', { botId: bot.id, chatId: chat.id, message: structuredClone(note.message) });
  return true;
};

const unpinChatMessage: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  requireRight(core, chat, bot, pinRight(chat), PIN);
  const id = p.int('message_id') ?? chat.pinned.at(-1);
  if (id === undefined) return true;
  const stored = findMessage(chat, id, 'message to unpin not found');
  stored.pinned = false;
  chat.pinned = chat.pinned.filter((m) => m !== id);
  return true;
};

const unpinAllChatMessages: Handler = (core, bot, p) => {
  const chat = chatFor(core, bot, p, 'read');
  requireRight(core, chat, bot, pinRight(chat), PIN);
  for (const id of chat.pinned) chat.messages.get(id)!.pinned = false;
  chat.pinned = [];
  return true;
};

export const chatMethods: Record<string, Handler> = {
  getChat, getChatAdministrators, getChatMember, getChatMemberCount, getChatMembersCount: getChatMemberCount,
  setChatPermissions, restrictChatMember, banChatMember, kickChatMember: banChatMember, unbanChatMember, leaveChat,
  pinChatMessage, unpinChatMessage, unpinAllChatMessages,
};
