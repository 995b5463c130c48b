// The outbox messages a validation queues in the group: the results, then the admin review of flagged
// members (buttons per member). Built before the transaction (names need a read), enqueued inside it, with
// dedupe keys so a message is stored once per raid whatever happens around it.
import type { OutboxMessage } from '../notifications/index.js';
import type { PointWeights } from './points.js';
import type { RaidRecord } from '../raids/index.js';
import type { ValidationDeps } from './deps.js';
import type { EngagementRead } from './read-engagement.js';
import { formatAmount } from '../platform/token-amounts.js';
import { nameOf, packReview, renderedLength, resultsMessage, reviewMessage, type ReviewEntry } from './results-text.js';
import { rewardWords } from './reward-words.js';
import { compareIds } from './order.js';
import type { RaidValidationResult } from './validate-raid.js';
import type { InlineKeyboardMarkup } from 'grammy/types';

const TOP = 10;
/**
 * At most ten members a message keeps the buttons readable; each message also stays under TEXT_BUDGET
 * (results-text.ts), and each member's entry is bounded, so at least six fit a message. Ten messages keep a
 * spam wave from flooding the group: members past them (only beyond 60 to 100 flagged members, by the
 * length of their reasons) are counted in the last heading and listed, with every reason, in /raidreport.
 */
const REVIEW_PER_MESSAGE = 10;
const REVIEW_MAX_MESSAGES = 10;

export function groupText(raid: Pick<RaidRecord, 'botId' | 'chatId'>, text: string, dedupeKey: string, keyboard?: InlineKeyboardMarkup): OutboxMessage {
  return {
    botId: raid.botId,
    chatId: raid.chatId,
    method: 'sendMessage',
    payload: { text, parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) },
    dedupeKey,
  };
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
}

export async function groupMessages(
  deps: Pick<ValidationDeps, 'users'>,
  raid: RaidRecord,
  result: RaidValidationResult,
  ctx: ResultsContext,
): Promise<OutboxMessage[]> {
  const top = result.outcomes
    .filter((o) => o.verdict === 'accepted' && o.points > 0)
    .sort((a, b) => b.points - a.points || compareIds(a.claimant.telegramUserId, b.claimant.telegramUserId))
    .slice(0, TOP);
  const flagged = result.outcomes.filter((o) => o.verdict === 'flagged');
  // Names are read for at most the members that could be listed; packing below decides how many are.
  const candidates = flagged.slice(0, REVIEW_PER_MESSAGE * REVIEW_MAX_MESSAGES);
  const ids = [...top, ...candidates].map((o) => Number(o.claimant.telegramUserId));
  const names = ids.length > 0 ? await deps.users.profiles(ids) : new Map();
  const name = (tg: string) => nameOf(names.get(Number(tg)), tg);

  const split = result.reward;
  const token = split?.pool.token;
  const paid = top.find((o) => (o.reward ?? 0n) > 0n);
  const messages: OutboxMessage[] = [];
  const text = resultsMessage({
    raidId: raid.id,
    postUrl: raid.postUrl,
    counts: result.counts,
    top: top.map((o) => ({ name: name(o.claimant.telegramUserId), points: o.points, ...(token && o.reward !== null ? { share: formatAmount(o.reward, token) } : {}) })),
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
    reward: split && rewardWords({ ...split, topN: ctx.topN, ...(paid ? { example: { points: paid.points, share: paid.reward! } } : {}) }),
  });
  messages.push(groupText(raid, text, `raid:${raid.id}:results`));

  const entries: ReviewEntry[] = candidates.map((o) => ({
    telegramUserId: o.claimant.telegramUserId,
    name: name(o.claimant.telegramUserId),
    xUsername: o.claimant.xUsername,
    reasons: o.reasons,
    computedPoints: o.computedPoints,
  }));
  const heading = `🟡 <b>Raid #${raid.id}: flagged members</b> — admins, accept or reject each:`;
  const rest = (n: number) => `\n(${n} more flagged members are not listed here; /raidreport has them all.)`;
  // Room for the heading and, on the last message, the note on members left out (its largest count).
  const pages = packReview(entries, REVIEW_PER_MESSAGE, renderedLength(heading + rest(flagged.length)) + 2).slice(0, REVIEW_MAX_MESSAGES);
  const listed = pages.reduce((n, p) => n + p.length, 0);
  pages.forEach((page, i) => {
    const last = i === pages.length - 1;
    const review = reviewMessage(raid.id, page, last && flagged.length > listed ? heading + rest(flagged.length - listed) : heading);
    messages.push(groupText(raid, review.text, `raid:${raid.id}:review:${i}`, review.keyboard));
  });
  return messages;
}
