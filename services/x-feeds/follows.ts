// Following and unfollowing X accounts into a group. The account is looked up on X once (its id is what the
// timeline is read by); after that, however many groups follow it, it is read once per poll.
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import { accountByUsername, countFollows, deleteFollow, listFollows, upsertAccount, upsertFollow, type FollowView } from './follow-store.js';
import type { FeedsDeps } from './deps.js';

export type FollowResult =
  | { ok: true; created: boolean; account: { xUserId: string; username: string; name: string }; replies: boolean; reposts: boolean }
  | { ok: false; reason: 'bad_handle' | 'not_found' | 'limit'; limit?: number };

/** X's rule for handles; anything else cannot exist, and asking X about it would cost a request. */
export const HANDLE = /^@?([A-Za-z0-9_]{1,15})$/;

export async function follow(
  deps: FeedsDeps,
  g: { botId: number; chatId: ChatId; actorId: TelegramUserId },
  handle: string,
  wants: { replies: boolean; reposts: boolean },
): Promise<FollowResult> {
  const m = HANDLE.exec(handle.trim());
  if (!m) return { ok: false, reason: 'bad_handle' };
  const existing = await listFollows(deps.db.manager, g.chatId);
  const already = existing.find((f) => f.username.toLowerCase() === m[1]!.toLowerCase());
  if (!already && existing.length >= deps.config.maxFollowsPerGroup) return { ok: false, reason: 'limit', limit: deps.config.maxFollowsPerGroup };
  const user = already
    ? { id: already.xUserId, username: already.username, name: already.name }
    : ((await accountByUsername(deps.db.manager, m[1]!)) ?? (await deps.x.getUserByUsername(m[1]!, { purpose: 'feeds:lookup' })));
  if (!user) return { ok: false, reason: 'not_found' };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // Counted again under the transaction: two /follow at once must not pass the limit together.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('feeds.follows'), hashtext($1::text))`, [String(g.chatId)]);
    if (!already && (await countFollows(tx, g.chatId)) >= deps.config.maxFollowsPerGroup) return { ok: false, reason: 'limit', limit: deps.config.maxFollowsPerGroup };
    await upsertAccount(tx, { xUserId: user.id, username: user.username, name: user.name, intervalMs: deps.config.minIntervalMs, now });
    const { created } = await upsertFollow(tx, { chatId: g.chatId, botId: g.botId, xUserId: user.id, ...wants, createdBy: g.actorId, now });
    await deps.history.append(tx, {
      actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.followed', subject: { kind: 'group', id: String(g.chatId) },
      data: { xUserId: user.id, username: user.username, ...wants, by: String(g.actorId) },
    });
    return { ok: true, created, account: { xUserId: user.id, username: user.username, name: user.name }, ...wants };
  });
}

export async function unfollow(deps: FeedsDeps, g: { chatId: ChatId; actorId: TelegramUserId }, handle: string): Promise<{ ok: true; username: string } | { ok: false; reason: 'bad_handle' | 'not_following' }> {
  const m = HANDLE.exec(handle.trim());
  if (!m) return { ok: false, reason: 'bad_handle' };
  return deps.db.transaction(async (tx) => {
    const removed = await deleteFollow(tx, g.chatId, m[1]!);
    if (!removed) return { ok: false, reason: 'not_following' };
    await deps.history.append(tx, {
      actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.unfollowed', subject: { kind: 'group', id: String(g.chatId) },
      data: { xUserId: removed.xUserId, username: removed.username, by: String(g.actorId) },
    });
    return { ok: true, username: removed.username };
  });
}

export const follows = (deps: FeedsDeps, chatId: ChatId): Promise<FollowView[]> => listFollows(deps.db.manager, chatId);
