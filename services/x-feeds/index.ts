// X feeds: groups follow X accounts and get their new posts. One read per account per poll, however many
// groups follow it; the cursor commits with the forwards it caused. See README.md.
import type { ServiceSchema } from '../platform/database.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import { counter } from '../platform/metrics.js';
import type { FeedsDeps } from './deps.js';
import { follow, follows, unfollow, type FollowResult } from './follows.js';
import type { FollowView } from './follow-store.js';
import { moveFollows } from './follow-store.js';
import { pollDue, pollDueMentions, type PassResult } from './poll-due.js';
import { addTerm, mentionTerms, removeTerm, type TermChange } from './mention-terms.js';
import type { TermRow } from './mention-store.js';
import { autoRaidStatus, disableAutoRaid, enableAutoRaid, launchPending, type AutoRaidRequest, type AutoRaidResult, type LaunchPass } from './auto-raids.js';
import type { AutoRaidConfig } from './auto-raid-store.js';
import { CreateFeeds1764000016000 } from './migrations/create-feeds-1764000016000.js';
import { MentionsAutoRaids1764000016100 } from './migrations/mentions-auto-raids-1764000016100.js';
import { Kols1764000016200 } from './migrations/kols-1764000016200.js';

export type { FeedsConfig, FeedsDeps, PollHooks } from './deps.js';
export type { FeedHistoryEvent } from './history-events.js';
export type { CapPaused, FeedMessages, ForwardedPost, KolRanking, KolStanding, MentionRelay, MentionSummary, MessageContent as FeedMessageContent, PostKind } from './messages.js';
export type { FollowResult } from './follows.js';
export type { FollowView } from './follow-store.js';
export type { PassResult } from './poll-due.js';
export type { AutoRaidRequest, AutoRaidResult, LaunchPass } from './auto-raids.js';
export type { AutoRaidConfig } from './auto-raid-store.js';
export type { TermChange } from './mention-terms.js';
export type { TermRow as MentionTerm } from './mention-store.js';
export { HANDLE as X_HANDLE } from './follows.js';
export { postKind } from './post-kind.js';
// KOL tracking: built by the composition root from the same FeedsDeps (plus its reads of X), see kols/kols.ts.
export { createKols, type KolAddResult, type KolRemoveResult, type Kols } from './kols/kols.js';
export type { KolsConfig, KolsDeps } from './kols/deps.js';
export type { KolRow } from './kols/kol-store.js';
export type { KolChart, KolDay } from './kols/chart.js';
export type { SearchPass as KolSearchPass } from './kols/search-due.js';
export type { RefreshPass as KolRefreshPass } from './kols/refresh.js';
export type { DigestPass as KolDigestPass } from './kols/digest.js';

export const feedsSchema: ServiceSchema = { migrations: [CreateFeeds1764000016000, MentionsAutoRaids1764000016100, Kols1764000016200] };

export interface Feeds {
  /** An admin follows an X account into the group (`replies`, `reposts`: also those). Following again changes
   * the options. Looks the account up on X the first time anyone follows it. */
  follow(g: { botId: number; chatId: ChatId; actorId: TelegramUserId }, handle: string, wants: { replies: boolean; reposts: boolean }): Promise<FollowResult>;
  unfollow(g: { chatId: ChatId; actorId: TelegramUserId }, handle: string): Promise<{ ok: true; username: string } | { ok: false; reason: 'bad_handle' | 'not_following' }>;
  /** The group's follows, by handle. */
  follows(chatId: ChatId): Promise<FollowView[]>;
  /** A pass of the poller (the worker's job): the due accounts, each read once for all its groups. */
  pollDue(): Promise<PassResult>;
  /** Switches auto-raids on for the group's own account (or changes their options): each new post from now
   * on opens a raid with these targets, like /raid. */
  enableAutoRaid(g: { botId: number; chatId: ChatId; actorId: TelegramUserId }, req: AutoRaidRequest): Promise<AutoRaidResult>;
  /** Off; posts still waiting are dropped. False when they were not on. */
  disableAutoRaid(g: { chatId: ChatId; actorId: TelegramUserId }): Promise<boolean>;
  autoRaid(chatId: ChatId): Promise<AutoRaidConfig | null>;
  /** Launches queued auto-raid posts (the poll job runs it after each pass). */
  launchAutoRaids(): Promise<LaunchPass>;
  /** An admin adds a mention term (`$WAR`, `#warhorn`, `@warhornapp`, `warhorn`, `"raid now"`); posts on X
   * matching it are relayed into the group from now on. `changed` false: the group had it already. */
  addMentionTerm(g: { botId: number; chatId: ChatId; actorId: TelegramUserId }, input: string): Promise<TermChange>;
  removeMentionTerm(g: { chatId: ChatId; actorId: TelegramUserId }, input: string): Promise<TermChange>;
  mentionTerms(chatId: ChatId): Promise<TermRow[]>;
  /** A pass of the shared mention queries (the poll job runs it after the accounts). */
  pollMentions(): ReturnType<typeof pollDueMentions>;
  /** A group upgraded to a supergroup keeps its follows. */
  migrate(from: ChatId, to: ChatId): Promise<number>;
}

export function createFeeds(deps: FeedsDeps): Feeds {
  const polls = counter(deps.metrics, 'warhorn_feeds_polls_total', 'Account polls by outcome', ['outcome']);
  const forwards = counter(deps.metrics, 'warhorn_feeds_forwards_total', 'Posts queued into groups by feeds');
  const cost = counter(deps.metrics, 'warhorn_feeds_cost_micros_total', 'What feeds reads cost on X, micro-dollars');
  return {
    follow: (g, handle, wants) => follow(deps, g, handle, wants),
    unfollow: (g, handle) => unfollow(deps, g, handle),
    follows: (chatId) => follows(deps, chatId),
    pollDue: () =>
      pollDue(deps, (r) => {
        polls.inc({ outcome: r.outcome });
        if (r.outcome === 'forwarded') {
          forwards.inc(r.forwards);
          cost.inc(Number(r.costMicros));
        }
      }),
    enableAutoRaid: (g, req) => enableAutoRaid(deps, g, req),
    disableAutoRaid: (g) => disableAutoRaid(deps, g),
    autoRaid: (chatId) => autoRaidStatus(deps, chatId),
    launchAutoRaids: () => launchPending(deps),
    addMentionTerm: (g, input) => addTerm(deps, g, input),
    removeMentionTerm: (g, input) => removeTerm(deps, g, input),
    mentionTerms: (chatId) => mentionTerms(deps, chatId),
    pollMentions: () => pollDueMentions(deps),
    migrate: (from, to) => deps.db.transaction((tx) => moveFollows(tx, from, to)),
  };
}
