import type { ChatMember } from 'grammy/types';
import { keyspace } from '../platform/redis.js';
import { isGoneFromChat, type GroupsDeps } from './deps.js';
import { adminEntry, diffAdmins, isPresent, type AdminEntry } from './admins.js';
import { loadAdmin } from './admin-store.js';
import { loadGroup } from './group-store.js';
import { applyAdminStanding } from './sync-admins.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

// Telegram is the authority on who is an admin and who is in a group. chat_member updates keep the synced
// admin list current only where the bot is an admin; elsewhere a demotion reaches nobody until the daily
// refresh. So every privileged action, and every claim, asks Telegram first (getChatMember).
//
// The answer is kept in Redis for TELEGRAM_MEMBER_CACHE_MS (a few seconds), not in each process: webhook
// updates of one group land on any api replica, so a burst of Accept presses or claims costs one Telegram
// call wherever it lands, and a chat_member update handled by one replica drops the answer for all of them.
// The price is one Redis read per check, next to a Telegram round trip it saves.

export interface Standing {
  /** In the group now (creator, administrator, member, or restricted and still a member). */
  present: boolean;
  /** Admin rights as Telegram reports them now; null for everyone else. */
  admin: AdminEntry | null;
}

type CheckDeps = Pick<GroupsDeps, 'db' | 'history' | 'telegram' | 'log' | 'redis' | 'prefix' | 'memberCacheMs'>;

const ABSENT: Standing = { present: false, admin: null };
const cacheKey = (prefix: string, chatId: ChatId, userId: TelegramUserId) => keyspace(prefix)('groups', 'member', String(chatId), String(userId));

/** Telegram does not know this user in this chat (as opposed to the bot having lost the chat). */
function isUnknownUser(error: unknown): boolean {
  const e = error as { error_code?: number; description?: string };
  return e.error_code === 400 && /user not found|member not found|PARTICIPANT_ID_INVALID|USER_ID_INVALID/i.test(e.description ?? '');
}

/** What Telegram says of this user in this group now. A group we do not serve (unknown, or the bot was
 * removed) has nobody in it for us. */
export async function standingOf(deps: CheckDeps, chatId: ChatId, userId: TelegramUserId): Promise<Standing> {
  const group = await loadGroup(deps.db.manager, chatId);
  if (!group?.active) return ABSENT;
  const key = cacheKey(deps.prefix, chatId, userId);
  if (deps.memberCacheMs > 0) {
    const cached = await deps.redis.get(key);
    if (cached) return JSON.parse(cached) as Standing;
  }
  let member: ChatMember | null = null;
  try {
    member = await deps.telegram.getChatMember(group.botId, chatId, userId);
  } catch (error) {
    // The bot lost the chat: nobody may act in it through us (the group's own flows mark it removed).
    if (isGoneFromChat(error)) return ABSENT;
    if (!isUnknownUser(error)) throw error;
  }
  const standing: Standing = member ? { present: isPresent(member), admin: adminEntry(member) } : ABSENT;
  await correctSyncedAdmin(deps, chatId, userId, standing.admin);
  if (deps.memberCacheMs > 0) await deps.redis.set(key, JSON.stringify(standing), 'PX', deps.memberCacheMs);
  return standing;
}

/** Drops a kept answer (a chat_member update just told us the member's new standing). */
export async function forgetStanding(deps: Pick<GroupsDeps, 'redis' | 'prefix'>, chatId: ChatId, userId: TelegramUserId): Promise<void> {
  await deps.redis.del(cacheKey(deps.prefix, chatId, userId));
}

/** Where the synced list disagrees with what Telegram just said, Telegram wins, with a history event. The
 * common case (they agree) costs one read and no transaction. */
async function correctSyncedAdmin(deps: CheckDeps, chatId: ChatId, userId: TelegramUserId, fresh: AdminEntry | null): Promise<void> {
  const held = await loadAdmin(deps.db.manager, chatId, userId);
  const diff = diffAdmins(held ? [held] : [], fresh ? [fresh] : []);
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return;
  await deps.db.transaction(async (tx) => {
    const group = await loadGroup(tx, chatId, true);
    if (!group?.active) return;
    await applyAdminStanding(deps, tx, chatId, userId, fresh, 'admin check');
  });
  deps.log.info({ chatId, userId, admin: fresh !== null }, 'groups: synced admin list corrected from getChatMember');
}
