// The emulated world: users, bots, chats, memberships and messages. Pure data plus small helpers;
// rules about who may do what live in methods/ (for bots) and driver.ts (for people).
import { randomBytes } from 'node:crypto';
import type {
  AdminRights, Chat, ChatMember, ChatPermissions, InlineKeyboardMarkup, MemberStatus, Message, User,
} from './types.js';
import { createClock, type EmulatorClock } from './clock.js';
import { UpdateQueue } from './updates.js';

export interface BotRecord {
  id: number;
  token: string;
  username: string;
  firstName: string;
  privacyMode: boolean;
  canJoinGroups: boolean;
  commands: Map<string, unknown[]>;
  menuButton: Map<number, unknown>;
  updates: UpdateQueue;
}

export interface UserRecord {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  isPremium?: boolean;
}

export interface Member {
  status: MemberStatus;
  rights?: AdminRights;
  permissions?: ChatPermissions;
  /** For restricted members: still in the chat. */
  isMember?: boolean;
  untilDate?: number;
  promotedBy?: number;
}

export interface StoredMessage {
  message: Message;
  senderId: number;
  deleted: boolean;
  /** The bot that deleted it. */
  deletedBy?: number;
  pinned: boolean;
  /** Bot that sent it (for callback queries and privacy-mode replies). */
  botId?: number;
  markup?: InlineKeyboardMarkup;
}

export interface ChatRecord {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  /** Private chats only: the chat is between this bot and this user. */
  botId?: number;
  userId?: number;
  started?: boolean;
  blocked?: boolean;
  members: Map<number, Member>;
  permissions: ChatPermissions;
  pinned: number[];
  messages: Map<number, StoredMessage>;
  nextMessageId: number;
  migratedTo?: number;
  migratedFrom?: number;
}

export const ALL_RIGHTS: AdminRights = {
  is_anonymous: false, can_manage_chat: true, can_delete_messages: true, can_manage_video_chats: true,
  can_restrict_members: true, can_promote_members: false, can_change_info: true, can_invite_users: true,
  can_post_stories: true, can_edit_stories: true, can_delete_stories: true, can_pin_messages: true,
  can_manage_topics: false,
};

/** A channel admin's rights: posting and editing instead of pinning and topics. */
export const CHANNEL_RIGHTS: AdminRights = {
  ...ALL_RIGHTS, can_pin_messages: false, can_post_messages: true, can_edit_messages: true,
};

export const DEFAULT_PERMISSIONS: ChatPermissions = {
  can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true,
  can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: true,
  can_send_other_messages: true, can_add_web_page_previews: true, can_change_info: false,
  can_invite_users: true, can_pin_messages: false, can_manage_topics: false,
};

export const IN_CHAT: ReadonlySet<MemberStatus> = new Set(['creator', 'administrator', 'member', 'restricted']);

const freshToken = (id: number): string => `${id}:AA${randomBytes(33).toString('base64url').slice(0, 33)}`;


export class World {
  readonly users = new Map<number, UserRecord>();
  readonly bots = new Map<number, BotRecord>();
  readonly botsByToken = new Map<string, BotRecord>();
  readonly groups = new Map<number, ChatRecord>();
  readonly privates = new Map<string, ChatRecord>();
  private nextUser = 100000001;
  private nextBot = 7000000001;
  private nextGroup = 4000000001;
  private nextSupergroup = 1000000001;

  readonly clock: EmulatorClock = createClock();

  constructor(private readonly makeQueue: (botId: number) => UpdateQueue) {}

  /** Unix seconds on the emulator's clock (dates in messages and updates, until_date checks). */
  nowSec(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }

  addUser(opts: Omit<UserRecord, 'id'>): UserRecord {
    const user: UserRecord = { id: this.nextUser++, ...opts };
    this.users.set(user.id, user);
    return user;
  }

  addBot(opts: { username: string; firstName?: string; token?: string; privacyMode?: boolean; canJoinGroups?: boolean }): BotRecord {
    let id: number;
    if (opts.token) {
      const match = /^(\d+):[A-Za-z0-9_-]{30,}$/.exec(opts.token);
      if (!match) throw new Error(`bot token must look like "<id>:<35 chars>", got ${opts.token}`);
      id = Number(match[1]);
      if (this.bots.has(id) || this.users.has(id)) throw new Error(`id ${id} is taken`);
    } else {
      while (this.bots.has(this.nextBot)) this.nextBot++;
      id = this.nextBot++;
    }
    if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(opts.username) || !/bot$/i.test(opts.username)) {
      throw new Error(`a bot username is 5-32 chars of A-Za-z0-9_ ending in "bot", got ${opts.username}`);
    }
    const token = opts.token ?? freshToken(id);
    const bot: BotRecord = {
      id, token, username: opts.username, firstName: opts.firstName ?? opts.username,
      privacyMode: opts.privacyMode ?? true, canJoinGroups: opts.canJoinGroups ?? true,
      commands: new Map(), menuButton: new Map(), updates: this.makeQueue(id),
    };
    this.bots.set(id, bot);
    this.botsByToken.set(token, bot);
    return bot;
  }

  /** BotFather's /revoke: the old token stops working at once (401); `fresh` gives the bot a new one. */
  revokeToken(bot: BotRecord, fresh: boolean): string | undefined {
    this.botsByToken.delete(bot.token);
    bot.updates.revoke();
    bot.token = fresh ? freshToken(bot.id) : '';
    if (fresh) this.botsByToken.set(bot.token, bot);
    return fresh ? bot.token : undefined;
  }

  /** A basic group, supergroup or channel (channels share the supergroups' -100… ids and this map). */
  addGroup(title: string, type: 'group' | 'supergroup' | 'channel'): ChatRecord {
    const id = type === 'group' ? -this.nextGroup++ : -(1000000000000 + this.nextSupergroup++);
    const chat: ChatRecord = {
      id, type, title, members: new Map(), permissions: { ...DEFAULT_PERMISSIONS }, pinned: [],
      messages: new Map(), nextMessageId: 1,
    };
    this.groups.set(id, chat);
    return chat;
  }

  privateChat(botId: number, userId: number, create: boolean): ChatRecord | undefined {
    const key = `${botId}:${userId}`;
    let chat = this.privates.get(key);
    if (!chat && create) {
      chat = {
        id: userId, type: 'private', botId, userId, started: false, blocked: false,
        members: new Map([[userId, { status: 'member' }], [botId, { status: 'member' }]]),
        permissions: { ...DEFAULT_PERMISSIONS }, pinned: [], messages: new Map(), nextMessageId: 1,
      };
      this.privates.set(key, chat);
    }
    return chat;
  }

  /** A person or bot as a Bot API User object. */
  userObj(id: number): User {
    const bot = this.bots.get(id);
    if (bot) return { id, is_bot: true, first_name: bot.firstName, username: bot.username };
    const u = this.users.get(id);
    if (!u) throw new Error(`no user or bot with id ${id}`);
    const user: User = { id, is_bot: false, first_name: u.firstName };
    if (u.lastName) user.last_name = u.lastName;
    if (u.username) user.username = u.username;
    if (u.languageCode) user.language_code = u.languageCode;
    if (u.isPremium) user.is_premium = true;
    return user;
  }

  /** The chat as a Bot API Chat object, as the bot of a private chat sees it. */
  chatObj(chat: ChatRecord): Chat {
    if (chat.type === 'private') {
      const u = this.userObj(chat.userId!);
      const obj: Chat = { id: chat.id, type: 'private', first_name: u.first_name };
      if (u.last_name) obj.last_name = u.last_name;
      if (u.username) obj.username = u.username;
      return obj;
    }
    const obj: Chat = { id: chat.id, type: chat.type, title: chat.title ?? '' };
    if (chat.username) obj.username = chat.username;
    return obj;
  }

  /** Someone's membership now. A restriction or ban whose until_date has passed is over (checked lazily, on
   * read, against the emulator clock): a restricted member is a plain member again, a restricted non-member
   * or a banned user has simply left (and may join again). */
  member(chat: ChatRecord, id: number): Member {
    const m = chat.members.get(id);
    if (!m) return { status: 'left' };
    if ((m.status === 'restricted' || m.status === 'kicked') && m.untilDate && m.untilDate <= this.nowSec()) {
      const next: Member = m.status === 'restricted' && m.isMember !== false ? { status: 'member' } : { status: 'left' };
      chat.members.set(id, next);
      return next;
    }
    return m;
  }

  /** Applies expired until_dates to every member (before listing or counting them). */
  settle(chat: ChatRecord): void {
    for (const id of [...chat.members.keys()]) this.member(chat, id);
  }

  memberObj(chat: ChatRecord, id: number, viewerBotId?: number): ChatMember {
    return memberShape(this.userObj(id), this.member(chat, id), chat, viewerBotId);
  }

  isAdmin(chat: ChatRecord, id: number): boolean {
    const s = this.member(chat, id).status;
    return s === 'creator' || s === 'administrator';
  }

  right(chat: ChatRecord, id: number, right: keyof AdminRights): boolean {
    const m = this.member(chat, id);
    return m.status === 'creator' || (m.status === 'administrator' && m.rights?.[right] === true);
  }

  /** Whether a member may send plain messages now. */
  canSend(chat: ChatRecord, id: number): boolean {
    const m = this.member(chat, id);
    if (chat.type === 'channel') return m.status === 'creator' || (m.status === 'administrator' && m.rights?.can_post_messages === true);
    if (m.status === 'creator' || m.status === 'administrator') return true;
    if (m.status === 'member') return chat.permissions.can_send_messages;
    if (m.status === 'restricted') {
      return m.isMember === true && m.permissions?.can_send_messages === true && chat.permissions.can_send_messages;
    }
    return false;
  }

  store(chat: ChatRecord, senderId: number, build: (id: number) => Message, botId?: number): StoredMessage {
    const id = chat.nextMessageId++;
    const stored: StoredMessage = { message: build(id), senderId, deleted: false, pinned: false, botId };
    chat.messages.set(id, stored);
    return stored;
  }

  groupOrUndefined(id: number): ChatRecord | undefined {
    return this.groups.get(id);
  }
}

export function memberShape(user: User, m: Member, chat: ChatRecord, viewerBotId?: number): ChatMember {
  switch (m.status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator': {
      const rights: Partial<AdminRights> = { ...(m.rights ?? (chat.type === 'channel' ? CHANNEL_RIGHTS : ALL_RIGHTS)) };
      // Fields the Bot API only sends for some chat types.
      if (chat.type !== 'supergroup') delete rights.can_manage_topics;
      if (chat.type === 'channel') delete rights.can_pin_messages;
      else {
        delete rights.can_post_messages;
        delete rights.can_edit_messages;
      }
      return { status: 'administrator', user, can_be_edited: viewerBotId !== undefined && m.promotedBy === viewerBotId, ...rights };
    }
    case 'restricted':
      return { status: 'restricted', user, is_member: m.isMember ?? true, ...(m.permissions ?? DEFAULT_PERMISSIONS), until_date: m.untilDate ?? 0 };
    case 'kicked':
      return { status: 'kicked', user, until_date: m.untilDate ?? 0 };
    case 'member':
      return m.untilDate ? { status: 'member', user, until_date: m.untilDate } : { status: 'member', user };
    default:
      return { status: 'left', user };
  }
}
