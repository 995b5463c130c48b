// One poll of one account: one read of X for every group that follows it, then, in one transaction, the
// forwards it causes, their history, each group's share of the cost and the account's new cursor. The
// cursor moves only with the forwards it caused, and only if nobody moved it since this read began: a crash
// before the commit re-reads the same posts later (X does not bill them twice the same day), and a second
// worker that read at the same time finds the cursor moved and commits nothing.
import { XRateLimitedError, XRequestError, XUnavailableError, utcDay, type FeedPage, type XPost } from '../x/index.js';
import type { OutboxMessage, OutboxPriority } from '../notifications/index.js';
import type { HistoryEventOf } from '../history/index.js';
import type { ChatId } from '../platform/telegram-ids.js';
import type { Tx } from '../platform/database.js';
import { lockCursor, recordPoll, reschedule, type AccountRow } from './account-store.js';
import { followersOf, type FollowRow } from './follow-store.js';
import { autoRaidsOfAccount, queuePosts, type AutoRaidConfig } from './auto-raid-store.js';
import { nextInterval } from './interval.js';
import { excludeFor, postKind, wanted } from './post-kind.js';
import { addSpend, claimCapNotices, spentToday } from './spend-store.js';
import { centsToMicros, nextUtcMidnight, shareOut } from './spend.js';
import type { FeedsDeps } from './deps.js';
import type { FeedHistoryEvent } from './history-events.js';

export type PollResult =
  | { outcome: 'forwarded'; posts: number; forwards: number; costMicros: bigint; requests: number }
  /** Nobody could receive (groups gone, or every follower paused by its cap): not read. */
  | { outcome: 'idle' }
  /** X said come back later (rate limit, outage): rescheduled, nothing read. */
  | { outcome: 'later'; retryAt: Date }
  /** Another worker committed a poll of this account meanwhile: this one's read is dropped. */
  | { outcome: 'raced' }
  | { outcome: 'unavailable' | 'refused' };

/** Feeds' low priority: a raid card queued after a busy account's forwards still goes first. */
export const FORWARD_PRIORITY: { priority: OutboxPriority } = { priority: 'low' };

interface Receiver extends FollowRow {
  botId: number;
  capMicros: bigint;
}

interface Audience {
  /** Groups following the account that can receive now: active, and under their own cap for today. */
  receivers: Receiver[];
  /** Groups whose auto-raids watch the account, on the same terms. */
  autoRaids: AutoRaidConfig[];
  /** Every group the read serves, once each, in chat id order: who shares its cost. */
  payers: Payer[];
}

export interface Payer {
  chatId: ChatId;
  botId: number;
  capMicros: bigint;
}

async function audienceOf(deps: FeedsDeps, xUserId: string, day: string): Promise<Audience> {
  const [follows, autoRaids] = await Promise.all([followersOf(deps.db.manager, xUserId), deps.raids ? autoRaidsOfAccount(deps.db.manager, xUserId) : []]);
  const chatIds = [...new Set([...follows.map((f) => f.chatId), ...autoRaids.map((a) => a.chatId)])].sort((a, b) => a - b);
  if (chatIds.length === 0) return { receivers: [], autoRaids: [], payers: [] };
  const [groups, spent] = await Promise.all([deps.groups.many(chatIds), spentToday(deps.db.manager, day, chatIds)]);
  const payers = new Map<ChatId, Payer>();
  for (const group of groups) {
    if (!group.active) continue;
    const capMicros = centsToMicros(group.settings.feeds.dailyCapCents);
    if ((spent.get(group.chatId) ?? 0n) >= capMicros) continue;
    payers.set(group.chatId, { chatId: group.chatId, botId: group.botId, capMicros });
  }
  return {
    receivers: follows.filter((f) => payers.has(f.chatId)).map((f) => ({ ...f, ...payers.get(f.chatId)! })),
    autoRaids: autoRaids.filter((a) => payers.has(a.chatId)),
    payers: chatIds.filter((c) => payers.has(c)).map((c) => payers.get(c)!),
  };
}

export async function pollAccount(deps: FeedsDeps, account: AccountRow): Promise<PollResult> {
  const { clock, config } = deps;
  const started = clock.now();
  const day = utcDay(started);
  const { receivers, autoRaids, payers } = await audienceOf(deps, account.xUserId, day);
  if (payers.length === 0) {
    await reschedule(deps.db.manager, account.xUserId, new Date(started.getTime() + config.maxIntervalMs));
    return { outcome: 'idle' };
  }

  let page: FeedPage;
  try {
    page = await deps.x.timelineSince(account.xUserId, {
      purpose: `feeds:account:${account.xUserId}`,
      sinceId: account.cursorId,
      // No cursor yet: from the oldest follow on, never the account's history before it.
      startTime: account.cursorId ? undefined : new Date(Math.min(...receivers.map((r) => r.since.getTime()), ...autoRaids.map((a) => a.enabledAt.getTime()))),
      exclude: excludeFor([...receivers, ...autoRaids.map((a) => ({ replies: a.replies, reposts: false }))]),
    });
  } catch (error) {
    if (error instanceof XRateLimitedError || error instanceof XUnavailableError) {
      const retryAt = error instanceof XRateLimitedError ? error.resetAt : error.retryAt;
      await reschedule(deps.db.manager, account.xUserId, retryAt);
      return { outcome: 'later', retryAt };
    }
    if (error instanceof XRequestError) {
      deps.log.warn({ err: error, xUserId: account.xUserId }, 'feeds: X refused the timeline read');
      await reschedule(deps.db.manager, account.xUserId, new Date(started.getTime() + config.maxIntervalMs));
      return { outcome: 'refused' };
    }
    throw error;
  }
  await deps.hooks?.afterRead?.(account.xUserId);

  return deps.db.transaction(async (tx): Promise<PollResult> => {
    const now = clock.now();
    const locked = await lockCursor(tx, account.xUserId);
    if (!locked || locked.cursorId !== account.cursorId) return { outcome: 'raced' };
    const intervalMs = nextInterval(account.intervalMs, page.posts.length, config);
    const base = { polledAt: now, intervalMs, nextPollAt: new Date(now.getTime() + intervalMs) };
    if (page.unavailable) {
      const later = config.maxIntervalMs;
      await recordPoll(tx, account.xUserId, { ...base, cursorId: account.cursorId, intervalMs: later, nextPollAt: new Date(now.getTime() + later), lastPostAt: null, unavailable: true });
      return { outcome: 'unavailable' };
    }

    const messages: OutboxMessage[] = [];
    const events: Array<HistoryEventOf<FeedHistoryEvent>> = [];
    const profile = page.posts.findLast((p) => p.authorId === account.xUserId)?.author;
    const shown = { username: profile?.username ?? account.username, name: profile?.name ?? account.name };
    for (const post of page.posts) {
      const kind = postKind(post);
      for (const r of receivers) {
        if (!wanted(post, r)) continue;
        messages.push({
          botId: r.botId, chatId: r.chatId, method: 'sendMessage', ...FORWARD_PRIORITY,
          payload: deps.messages(r.botId).forward({ post, kind, account: shown }) as never,
          dedupeKey: `feed:${r.chatId}:${post.id}`,
        });
        events.push({ actor: { kind: 'system' }, action: 'feed.forwarded', subject: { kind: 'group', id: String(r.chatId) }, data: { xUserId: account.xUserId, postId: post.id, kind, outboxId: '' } });
      }
    }
    const forwards = messages.length;
    const queued = autoRaidPosts(page.posts, autoRaids);
    if (await queuePosts(tx, queued, now)) {
      for (const q of queued) events.push({ actor: { kind: 'system' }, action: 'feed.auto_raid_queued', subject: { kind: 'group', id: String(q.chatId) }, data: { xUserId: account.xUserId, postId: q.postId } });
    }
    await chargeAndCap(deps, tx, day, now, payers, page.costMicros, messages, events);
    const ids = await deps.notifications.enqueueMany(tx, messages);
    for (let i = 0; i < forwards; i++) (events[i]!.data as { outboxId: string }).outboxId = ids[i]!;
    await deps.history.appendMany(tx, events);

    const newest = page.posts.at(-1)?.createdAt ?? null;
    await recordPoll(tx, account.xUserId, { ...base, cursorId: page.newestId ?? account.cursorId, lastPostAt: newest, unavailable: false, profile: profile ? shown : undefined });
    return { outcome: 'forwarded', posts: page.posts.length, forwards, costMicros: page.costMicros, requests: page.requests };
  });
}

/** The posts that open an auto-raid: the account's own posts and quotes (replies where asked), never a
 * repost, never one older than the auto-raid was switched on. */
function autoRaidPosts(posts: readonly XPost[], configs: readonly AutoRaidConfig[]): Array<{ chatId: ChatId; postId: string }> {
  const out: Array<{ chatId: ChatId; postId: string }> = [];
  for (const post of posts) {
    const kind = postKind(post);
    for (const c of configs) {
      if (post.authorId !== c.xUserId || kind === 'repost' || (kind === 'reply' && !c.replies)) continue;
      if (post.createdAt && post.createdAt < c.enabledAt) continue;
      out.push({ chatId: c.chatId, postId: post.id });
    }
  }
  return out;
}

/** Books each receiver's share of the read; a group it takes to its cap is told once, today. */
export async function chargeAndCap(
  deps: FeedsDeps, tx: Tx, day: string, now: Date,
  receivers: readonly Payer[], costMicros: bigint, messages: OutboxMessage[], events: Array<HistoryEventOf<FeedHistoryEvent>>,
): Promise<void> {
  const shares = shareOut(costMicros, receivers).map((s) => ({ chatId: s.group.chatId, micros: s.micros }));
  const totals = await addSpend(tx, day, shares);
  const capped = receivers.filter((r) => (totals.get(r.chatId) ?? 0n) >= r.capMicros);
  if (capped.length === 0) return;
  const tell = new Set<ChatId>(await claimCapNotices(tx, day, 'group', capped.map((r) => r.chatId), now));
  const resumesAt = nextUtcMidnight(now);
  for (const r of capped) {
    if (!tell.has(r.chatId)) continue;
    const spentMicros = totals.get(r.chatId)!;
    messages.push({
      botId: r.botId, chatId: r.chatId, method: 'sendMessage',
      payload: deps.messages(r.botId).capPaused({ scope: 'group', capMicros: r.capMicros, spentMicros, resumesAt }) as never,
      dedupeKey: `feeds:cap:${r.chatId}:${day}`,
    });
    events.push({ actor: { kind: 'system' }, action: 'feed.capped', subject: { kind: 'group', id: String(r.chatId) }, data: { scope: 'group', capMicros: r.capMicros.toString(), spentMicros: spentMicros.toString(), resumesAt: resumesAt.toISOString() } });
  }
}
