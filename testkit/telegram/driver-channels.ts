// Driver, part 1b: channels. People subscribe and leave (no service messages, as in Telegram), bots are
// added as admins by the owner, and the owner or an admin with can_post_messages posts (channel_post to admin bots).
import { DriverError } from './errors.js';
import { DriverMembers } from './driver-members.js';
import { CHANNEL_RIGHTS, IN_CHAT, type ChatRecord } from './state.js';
import type { AdminRights, Message, MessageEntity } from './types.js';

export interface EmuChannel { id: number; type: 'channel'; title: string; username?: string; ownerId: number }

export abstract class DriverChannels extends DriverMembers {
  /** A person's message stored and announced (driver.ts). */
  protected abstract post(chat: ChatRecord, userId: number, text: string, opts?: { replyToMessageId?: number; entities?: MessageEntity[] }): Message;

  /** A channel (id -100…). Without ownerId a user "<title> owner" is created to own it. */
  createChannel(opts: { title: string; username?: string; ownerId?: number; subscriberIds?: number[] }): EmuChannel {
    const w = this.core.world;
    const ownerId = opts.ownerId ?? w.addUser({ firstName: `${opts.title} owner` }).id;
    this.person(ownerId);
    if (opts.username && !/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(opts.username)) throw new DriverError(400, `bad channel username ${opts.username}`);
    const chat = w.addGroup(opts.title, 'channel');
    if (opts.username) chat.username = opts.username;
    chat.members.set(ownerId, { status: 'creator' });
    for (const id of opts.subscriberIds ?? []) {
      this.person(id);
      if (id !== ownerId) chat.members.set(id, { status: 'member' });
    }
    const result: EmuChannel = { id: chat.id, type: 'channel', title: opts.title, ownerId };
    if (opts.username) result.username = opts.username;
    return result;
  }

  /** The owner (or byUserId, an admin with can_promote_members) adds a bot: as an admin with channel rights
   * by default (Telegram's apps add bots to channels as admins), `admin: false` as a plain subscriber. */
  addBotToChannel(channelId: number, botId: number, opts: { admin?: boolean; rights?: Partial<AdminRights>; byUserId?: number } = {}): void {
    const chat = this.channel(channelId);
    this.bot(botId);
    const by = opts.byUserId ?? this.ownerOf(channelId);
    if (IN_CHAT.has(this.core.world.member(chat, botId).status)) return;
    const admin = opts.admin ?? true;
    if (admin) this.mustHaveRight(chat, by, 'can_promote_members');
    this.core.setMember(chat, botId, by, admin
      ? { status: 'administrator', rights: { ...CHANNEL_RIGHTS, ...opts.rights }, promotedBy: by }
      : { status: 'member' });
  }

  /** The bot is removed from the channel (it ends up 'kicked', like removeBotFromGroup). */
  removeBotFromChannel(channelId: number, botId: number, byUserId?: number): void {
    this.banMember(channelId, botId, byUserId ?? this.ownerOf(channelId));
  }

  /** The user subscribes (chat_member to admin bots that asked; no service message in channels). */
  joinChannel(userId: number, channelId: number): void {
    this.channel(channelId);
    this.addMember(channelId, userId);
  }

  leaveChannel(userId: number, channelId: number): void {
    this.channel(channelId);
    this.leaveChat(channelId, userId);
  }

  /** A post by the owner or an admin with can_post_messages (default: the owner). Admin bots get channel_post;
   * the message has sender_chat = the channel and no `from`. */
  postToChannel(channelId: number, text: string, opts: { byUserId?: number } = {}): Message {
    const chat = this.channel(channelId);
    const by = opts.byUserId ?? this.ownerOf(channelId);
    if (!this.core.world.canSend(chat, by)) throw new DriverError(403, `CHAT_WRITE_FORBIDDEN: user ${by} can't post in channel ${channelId}`);
    return this.post(chat, by, text);
  }

  protected ownerOf(channelId: number): number {
    const owner = [...this.channel(channelId).members].find(([, m]) => m.status === 'creator')?.[0];
    if (owner === undefined) throw new DriverError(400, `channel ${channelId} has no owner`);
    return owner;
  }

  protected channel(channelId: number): ChatRecord {
    const chat = this.group(channelId);
    if (chat.type !== 'channel') throw new DriverError(400, `chat ${channelId} is not a channel`);
    return chat;
  }
}
