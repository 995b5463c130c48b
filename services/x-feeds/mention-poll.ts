// One read of one shared mention query, for every group whose terms it holds: which posts match which
// group (matching.ts), the group's filters and its rate cap (rate-cap.ts), and in one transaction the relays,
// the summaries of what the cap held back, their history, the cost shares and the query's new cursor.
import { XRateLimitedError, XRequestError, XUnavailableError, utcDay, type FeedPage, type XPost } from '../x/index.js';
import type { OutboxMessage } from '../notifications/index.js';
import type { HistoryEventOf } from '../history/index.js';
import type { ChatId } from '../platform/telegram-ids.js';
import type { GroupRecord } from '../groups/index.js';
import { emptyRateCapState, matchedTerms, passesFilters, planRelays, queryText, type CapMatch } from './mentions/index.js';
import { groupsWithTerms, lockCapState, lockQuery, recordQueryPoll, rescheduleQuery, saveCapState, termOf, type QueryRow, type TermRow } from './mention-store.js';
import { MENTION_SUFFIX } from './mention-terms.js';
import { nextInterval } from './interval.js';
import { spentToday } from './spend-store.js';
import { centsToMicros } from './spend.js';
import { chargeAndCap, FORWARD_PRIORITY, type Payer } from './poll.js';
import type { FeedsDeps } from './deps.js';
import type { FeedHistoryEvent } from './history-events.js';


export type MentionPollResult =
  | { outcome: 'relayed'; posts: number; relays: number; summaries: number; costMicros: bigint }
  | { outcome: 'idle' | 'raced' | 'refused' }
  | { outcome: 'later'; retryAt: Date };

interface Listener extends Payer {
  group: GroupRecord;
  terms: TermRow[];
}

async function listenersOf(deps: FeedsDeps, terms: readonly string[], day: string): Promise<Listener[]> {
  const rows = await groupsWithTerms(deps.db.manager, terms);
  const byChat = new Map<ChatId, TermRow[]>();
  for (const r of rows) byChat.set(r.chatId, [...(byChat.get(r.chatId) ?? []), r]);
  const chatIds = [...byChat.keys()].sort((a, b) => a - b);
  const [groups, spent] = await Promise.all([deps.groups.many(chatIds), spentToday(deps.db.manager, day, chatIds)]);
  const out: Listener[] = [];
  for (const group of groups.sort((a, b) => a.chatId - b.chatId)) {
    const capMicros = centsToMicros(group.settings.feeds.dailyCapCents);
    if (!group.active || (spent.get(group.chatId) ?? 0n) >= capMicros) continue;
    out.push({ chatId: group.chatId, botId: group.botId, capMicros, group, terms: byChat.get(group.chatId)! });
  }
  return out;
}

/** The group's matches among the posts: its own terms, its filters, and never a post older than the term. */
function matchesFor(l: Listener, posts: readonly XPost[]): CapMatch[] {
  const { minFollowers, lang } = l.group.settings.mentions;
  const terms = l.terms.map((t) => ({ row: t, term: termOf(t) }));
  const out: CapMatch[] = [];
  for (const post of posts) {
    if (!passesFilters(post, { minFollowers, lang: lang === 'any' ? null : lang })) continue;
    const hit = matchedTerms(post, terms.map((t) => t.term));
    const labels = terms.filter((t) => hit.some((h) => h.kind === t.term.kind && h.value === t.term.value) && (!post.createdAt || post.createdAt >= t.row.createdAt)).map((t) => t.row.label);
    if (labels.length) out.push({ post, terms: labels });
  }
  return out;
}

export async function pollMentionQuery(deps: FeedsDeps, q: QueryRow): Promise<MentionPollResult> {
  const { clock, config } = deps;
  const started = clock.now();
  const day = utcDay(started);
  const listeners = await listenersOf(deps, q.terms, day);
  if (listeners.length === 0) {
    await rescheduleQuery(deps.db.manager, q.id, new Date(started.getTime() + config.maxIntervalMs));
    return { outcome: 'idle' };
  }
  let page: FeedPage;
  try {
    page = await deps.x.searchSince(queryText(q.terms, MENTION_SUFFIX), { purpose: `feeds:mentions:${q.id}`, sinceId: q.cursorId, startTime: q.startedAt });
  } catch (error) {
    if (error instanceof XRateLimitedError || error instanceof XUnavailableError) {
      const retryAt = error instanceof XRateLimitedError ? error.resetAt : error.retryAt;
      await rescheduleQuery(deps.db.manager, q.id, retryAt);
      return { outcome: 'later', retryAt };
    }
    if (error instanceof XRequestError) {
      deps.log.warn({ err: error, queryId: q.id }, 'feeds: X refused a mention query');
      await rescheduleQuery(deps.db.manager, q.id, new Date(started.getTime() + config.maxIntervalMs));
      return { outcome: 'refused' };
    }
    throw error;
  }

  return deps.db.transaction(async (tx): Promise<MentionPollResult> => {
    const now = clock.now();
    const locked = await lockQuery(tx, q.id);
    if (!locked || locked.cursorId !== q.cursorId) return { outcome: 'raced' };
    const messages: OutboxMessage[] = [];
    const events: Array<HistoryEventOf<FeedHistoryEvent>> = [];
    const relayed: number[] = [];
    let summaries = 0;
    for (const l of listeners) {
      const matches = matchesFor(l, page.posts);
      // Called on every read, matches or not, so a window's summary goes out soon after it closes.
      const state = await lockCapState(tx, l.chatId, emptyRateCapState());
      const plan = planRelays(state, matches, now, { perWindow: l.group.settings.mentions.perHour, windowMs: config.mentionWindowMs ?? 3_600_000 });
      await saveCapState(tx, l.chatId, plan.state);
      const text = deps.messages(l.botId);
      for (const m of plan.relay) {
        relayed.push(messages.length);
        messages.push({ botId: l.botId, chatId: l.chatId, method: 'sendMessage', ...FORWARD_PRIORITY, payload: text.mention({ post: m.post, terms: m.terms }) as never, dedupeKey: `mention:${l.chatId}:${m.post.id}` });
        events.push({ actor: { kind: 'system' }, action: 'feed.mention_relayed', subject: { kind: 'group', id: String(l.chatId) }, data: { postId: m.post.id, terms: m.terms, outboxId: '' } });
      }
      if (plan.summary) {
        summaries++;
        const s = plan.summary;
        messages.push({ botId: l.botId, chatId: l.chatId, method: 'sendMessage', ...FORWARD_PRIORITY, payload: text.mentionSummary(s) as never, dedupeKey: `mentions:summary:${l.chatId}:${s.windowStart.toISOString()}` });
        events.push({ actor: { kind: 'system' }, action: 'feed.mentions_summarised', subject: { kind: 'group', id: String(l.chatId) }, data: { count: s.count, windowStart: s.windowStart.toISOString(), windowEnd: s.windowEnd.toISOString() } });
      }
    }
    const relayEvents = events.filter((e) => e.action === 'feed.mention_relayed');
    await chargeAndCap(deps, tx, day, now, listeners, page.costMicros, messages, events);
    const ids = await deps.notifications.enqueueMany(tx, messages);
    relayed.forEach((at, i) => ((relayEvents[i]!.data as { outboxId: string }).outboxId = ids[at]!));
    await deps.history.appendMany(tx, events);
    const intervalMs = nextInterval(q.intervalMs, page.posts.length, config);
    await recordQueryPoll(tx, q.id, { cursorId: page.newestId ?? q.cursorId, intervalMs, nextPollAt: new Date(now.getTime() + intervalMs) });
    return { outcome: 'relayed', posts: page.posts.length, relays: relayed.length, summaries, costMicros: page.costMicros };
  });
}
