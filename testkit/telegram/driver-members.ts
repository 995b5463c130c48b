// Driver, part 1: building the world and acting on memberships as people would in Telegram apps.
import type { Core } from './core.js';
import { DriverError } from './errors.js';
import { ALL_RIGHTS, CHANNEL_RIGHTS, IN_CHAT, type BotRecord, type ChatRecord } from './state.js';
import type { EmulatorClock } from './clock.js';
import type { AdminRights, ChatMember } from './types.js';

export interface EmuBot { id: number; token: string; username: string; firstName: string }
export interface EmuUser { id: number; firstName: string; lastName?: string; username?: string }
export interface EmuChat { id: number; type: 'group' | 'supergroup'; title: string }
/** A private chat, named from both sides (its id is the user's id for the bot, the bot's id for the user). */
export interface PrivateRef { userId: number; botId: number }
export type ChatRef = number | PrivateRef;

export class DriverMembers {
  constructor(protected readonly core: Core) {}

  /** The emulator's clock (real time + an offset): `clock.advance(ms)` lets until_dates pass, ages messages
   * past the 48-hour delete rule and callback queries past 15 minutes. Message dates follow it. */
  get clock(): EmulatorClock {
    return this.core.world.clock;
  }

  /** Someone's membership as getChatMember would answer it (expired restrictions and bans applied). */
  chatMember(chatId: number, userId: number): ChatMember {
    const chat = this.core.world.groups.get(chatId);
    if (!chat) throw new DriverError(400, `no chat ${chatId}`);
    this.person(userId);
    return this.core.world.memberObj(chat, userId);
  }

  createBot(opts: { username: string; firstName?: string; token?: string; privacyMode?: boolean; canJoinGroups?: boolean }): EmuBot {
    const b = this.core.world.addBot(opts);
    return { id: b.id, token: b.token, username: b.username, firstName: b.firstName };
  }

  /** Revokes the bot's token with no replacement: every call with it answers 401 Unauthorized, webhook
   * deliveries stop (the webhook is dropped) and a pending getUpdates answers 401. regenerateToken() revives it. */
  revokeToken(botId: number): void {
    this.core.world.revokeToken(this.bot(botId), false);
  }

  /** BotFather's /revoke: a fresh token for the same bot id; the old one answers 401 from now on and the webhook
   * is dropped (set it again with the new token). Returns the new token. */
  regenerateToken(botId: number): string {
    return this.core.world.revokeToken(this.bot(botId), true)!;
  }

  /** The bot's current token ('' while revoked). */
  tokenOf(botId: number): string {
    return this.bot(botId).token;
  }

  createUser(opts: { firstName: string; lastName?: string; username?: string; languageCode?: string; isPremium?: boolean }): EmuUser {
    const u = this.core.world.addUser(opts);
    return { id: u.id, firstName: u.firstName, lastName: u.lastName, username: u.username };
  }

  createGroup(opts: { title: string; type?: 'group' | 'supergroup'; ownerId: number; memberIds?: number[]; username?: string }): EmuChat {
    this.person(opts.ownerId);
    const chat = this.core.world.addGroup(opts.title, opts.type ?? 'group');
    if (opts.username) chat.username = opts.username;
    chat.members.set(opts.ownerId, { status: 'creator' });
    for (const id of opts.memberIds ?? []) {
      this.person(id);
      if (id !== opts.ownerId) chat.members.set(id, { status: 'member' });
    }
    return { id: chat.id, type: chat.type as 'group' | 'supergroup', title: opts.title };
  }

  /** A user joins (byUserId omitted: by link) or is added by a member. */
  addMember(chatId: number, userId: number, byUserId: number = userId): void {
    const chat = this.group(chatId);
    this.person(userId);
    if (byUserId !== userId) this.mayInvite(chat, byUserId);
    const m = this.core.world.member(chat, userId);
    if (IN_CHAT.has(m.status) && m.isMember !== false) return;
    if (m.status === 'kicked' && byUserId === userId) throw new DriverError(403, `user ${userId} is banned in chat ${chatId}`);
    // A restricted user who left comes back still restricted, as in Telegram.
    this.core.setMember(chat, userId, byUserId, m.status === 'restricted' ? { ...m, isMember: true } : { status: 'member' });
    if (chat.type === 'channel') return; // channels show no join/leave messages
    const user = this.core.world.userObj(userId);
    this.core.service(chat, byUserId, { new_chat_participant: user, new_chat_member: user, new_chat_members: [user] });
  }

  /** The user joins by link (or the chat's public username): new_chat_members + chat_member, as addMember. */
  joinGroup(userId: number, chatId: number): void {
    this.addMember(chatId, userId);
  }

  leaveChat(chatId: number, userId: number): void {
    const chat = this.group(chatId);
    const m = this.core.world.member(chat, userId);
    if (!IN_CHAT.has(m.status) || m.isMember === false) return;
    // A restricted user who leaves stays restricted (is_member false) until unrestricted or until_date.
    this.core.setMember(chat, userId, userId, m.status === 'restricted' ? { ...m, isMember: false } : { status: 'left' });
    if (chat.type === 'channel') return;
    const user = this.core.world.userObj(userId);
    this.core.service(chat, userId, { left_chat_participant: user, left_chat_member: user });
  }

  banMember(chatId: number, userId: number, byUserId: number): void {
    const chat = this.group(chatId);
    this.mustHaveRight(chat, byUserId, 'can_restrict_members');
    const before = this.core.world.member(chat, userId);
    const wasIn = IN_CHAT.has(before.status) && before.isMember !== false;
    this.core.setMember(chat, userId, byUserId, { status: 'kicked' });
    const user = this.core.world.userObj(userId);
    if (wasIn && chat.type !== 'channel') this.core.service(chat, byUserId, { left_chat_participant: user, left_chat_member: user });
  }

  addBotToGroup(chatId: number, botId: number, byUserId: number, opts: { admin?: boolean; rights?: Partial<AdminRights> } = {}): void {
    const chat = this.group(chatId);
    const bot = this.core.world.bots.get(botId);
    if (!bot) throw new DriverError(400, `no bot ${botId}`);
    if (!bot.canJoinGroups) throw new DriverError(403, `@${bot.username} can't be added to groups`);
    this.mayInvite(chat, byUserId);
    if (opts.admin || opts.rights) this.mustHaveRight(chat, byUserId, 'can_promote_members');
    if (IN_CHAT.has(this.core.world.member(chat, botId).status)) return;
    this.core.setMember(chat, botId, byUserId, opts.admin || opts.rights
      ? { status: 'administrator', rights: { ...ALL_RIGHTS, ...opts.rights }, promotedBy: byUserId }
      : { status: 'member' });
    const user = this.core.world.userObj(botId);
    this.core.service(chat, byUserId, { new_chat_participant: user, new_chat_member: user, new_chat_members: [user] });
  }

  removeBotFromGroup(chatId: number, botId: number, byUserId: number): void {
    this.banMember(chatId, botId, byUserId);
  }

  promote(chatId: number, id: number, byUserId: number, rights: Partial<AdminRights> = {}): void {
    const chat = this.group(chatId);
    this.mustHaveRight(chat, byUserId, 'can_promote_members');
    const status = this.core.world.member(chat, id).status;
    if (!IN_CHAT.has(status)) throw new DriverError(400, `${id} is not in chat ${chatId}`);
    if (status === 'creator') throw new DriverError(400, 'the owner is already the owner');
    const base = chat.type === 'channel' ? CHANNEL_RIGHTS : ALL_RIGHTS;
    this.core.setMember(chat, id, byUserId, { status: 'administrator', rights: { ...base, ...rights }, promotedBy: byUserId });
  }

  demote(chatId: number, id: number, byUserId: number): void {
    const chat = this.group(chatId);
    this.mustHaveRight(chat, byUserId, 'can_promote_members');
    if (this.core.world.member(chat, id).status !== 'administrator') return;
    this.core.setMember(chat, id, byUserId, { status: 'member' });
  }

  /** Turns a basic group into a supergroup with a new id, as Telegram does; returns the new chat. */
  upgradeToSupergroup(chatId: number, byUserId?: number): EmuChat {
    const old = this.group(chatId);
    if (old.type !== 'group') throw new DriverError(400, `chat ${chatId} is not a basic group`);
    const by = byUserId ?? [...old.members].find(([, m]) => m.status === 'creator')?.[0];
    if (by === undefined) throw new DriverError(400, 'the group has no owner');
    const chat = this.core.world.addGroup(old.title ?? '', 'supergroup');
    this.core.world.settle(old);
    for (const [id, m] of old.members) chat.members.set(id, structuredClone(m));
    chat.permissions = { ...old.permissions };
    chat.migratedFrom = old.id;
    this.core.service(old, by, { migrate_to_chat_id: chat.id });
    old.migratedTo = chat.id;
    this.core.service(chat, by, { migrate_from_chat_id: old.id });
    return { id: chat.id, type: 'supergroup', title: chat.title ?? '' };
  }

  protected bot(botId: number): BotRecord {
    const bot = this.core.world.bots.get(botId);
    if (!bot) throw new DriverError(400, `no bot ${botId}`);
    return bot;
  }

  protected person(id: number): void {
    if (!this.core.world.users.has(id) && !this.core.world.bots.has(id)) throw new DriverError(400, `no user ${id}`);
  }

  protected group(chatId: number): ChatRecord {
    const chat = this.core.world.groups.get(chatId);
    if (!chat) throw new DriverError(400, `no group ${chatId}`);
    if (chat.migratedTo !== undefined) throw new DriverError(400, `group ${chatId} was upgraded to supergroup ${chat.migratedTo}`);
    return chat;
  }

  protected mayInvite(chat: ChatRecord, byUserId: number): void {
    const w = this.core.world;
    const m = w.member(chat, byUserId);
    const ok = w.right(chat, byUserId, 'can_invite_users') || (IN_CHAT.has(m.status) && chat.permissions.can_invite_users);
    if (!ok) throw new DriverError(403, `user ${byUserId} may not add members to chat ${chat.id}`);
  }

  protected mustHaveRight(chat: ChatRecord, byUserId: number, right: keyof AdminRights): void {
    if (!this.core.world.right(chat, byUserId, right)) throw new DriverError(403, `user ${byUserId} lacks ${right} in chat ${chat.id}`);
  }
}
