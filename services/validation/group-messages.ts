// The outbox messages a validation queues in the group: the results, then the admin review of flagged
// members. Built before the transaction (names need a read), enqueued inside it, with dedupe keys so a
// message is stored once per raid whatever happens around it. The words are the bot's (messages.ts).
import type { OutboxMessage } from '../notifications/index.js';
import type { PointWeights } from './points.js';
import type { RaidRecord } from '../raids/index.js';
import type { PoolState } from './pool-state.js';
import type { ValidationDeps } from './deps.js';
import type { EngagementRead } from './read-engagement.js';
import { REVIEW_MAX_LISTED, type MessageContent, type ReviewMember } from './messages.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';
import type { RaidValidationResult } from './validate-raid.js';

const TOP = 10;

export function groupText(raid: Pick<RaidRecord, 'botId' | 'chatId'>, content: MessageContent, dedupeKey: string): OutboxMessage {
  return { botId: raid.botId, chatId: raid.chatId, method: 'sendMessage', payload: content, dedupeKey };
}

/** Timelines read for claimants past X's 100 reposters: how many, how many qualified, reposts found. */
export interface TimelineNotes {
  read: number;
  wanted: number;
  verified: number;
}

/** What the results message says besides the outcomes: what X hid, what was read instead, the group's rules. */
export interface ResultsContext {
  hidden: EngagementRead['hidden'];
  timelines: TimelineNotes;
  points: Pick<PointWeights, 'selfReport' | 'selfReportAlone'>;
  selfReportOnly: 'flag' | 'reject';
  topN: number;
  /** Where the pool stands (pool-state.ts) and the group's review window. */
  pool: PoolState;
  reviewHours: number;
}

export async function groupMessages(
  deps: Pick<ValidationDeps, 'users' | 'messages'>,
  raid: RaidRecord,
  result: RaidValidationResult,
  ctx: ResultsContext,
): Promise<OutboxMessage[]> {
  const top = result.outcomes
    .filter((o) => o.verdict === 'accepted' && o.points > 0)
    .sort((a, b) => b.points - a.points || a.claimant.telegramUserId - b.claimant.telegramUserId)
    .slice(0, TOP);
  const flagged = result.outcomes.filter((o) => o.verdict === 'flagged');
  // Names are read for at most the members that could be listed; the bot side decides how many are.
  const candidates = flagged.slice(0, REVIEW_MAX_LISTED);
  const ids = [...top, ...candidates].map((o) => o.claimant.telegramUserId);
  const names = ids.length > 0 ? await deps.users.profiles(ids) : new Map();
  const member = (tg: TelegramUserId) => ({ telegramUserId: tg, profile: names.get(tg) });
  const say = deps.messages(raid.botId);

  const split = result.reward;
  const token = split?.pool.token;
  const paid = top.find((o) => (o.reward ?? 0n) > 0n);
  const messages: OutboxMessage[] = [];
  const results = say.results({
    raidId: raid.id,
    postUrl: raid.postUrl,
    counts: result.counts,
    top: top.map((o) => ({ ...member(o.claimant.telegramUserId), points: o.points, share: token && o.reward !== null ? { amount: o.reward, token } : null })),
    notes: {
      ...ctx.hidden,
      likesRequested: raid.targets.likes > 0,
      repostsRequested: raid.targets.reposts > 0,
      bookmarksRequested: raid.targets.bookmarks > 0,
      selfReport: ctx.points.selfReport,
      selfReportAlone: ctx.points.selfReportAlone ?? false,
      selfReportOnly: result.selfReportOnly,
      selfReportOnlyRule: ctx.selfReportOnly,
      timelines: ctx.timelines,
    },
    reward: split && { ...split, topN: ctx.topN, ...(paid ? { example: { points: paid.points, share: paid.reward! } } : {}) },
    pool: ctx.pool,
    reviewHours: ctx.reviewHours,
  });
  messages.push(groupText(raid, results, `raid:${raid.id}:results`));

  const entries: ReviewMember[] = candidates.map((o) => ({
    ...member(o.claimant.telegramUserId),
    xUsername: o.claimant.xUsername,
    reasons: o.reasons,
    computedPoints: o.computedPoints,
  }));
  if (entries.length > 0) {
    say.review(raid.id, entries, flagged.length).forEach((page, i) => messages.push(groupText(raid, page, `raid:${raid.id}:review:${i}`)));
  }
  return messages;
}
