// Words of the raid-results feature: what validation posts in the group (the ValidationMessages port of
// services/validation/messages.ts, built from results-text.ts and review-text.ts), a member's own verdict
// (/myraid), appeals, reports and the blacklist. HTML parse mode: anything X or a member wrote is escaped.
import { escapeHtml as esc } from '../../html.js';
import { formatAmount } from '../../../services/platform/token-amounts.js';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { postUrl } from '../../../services/x/index.js';
import {
  ACTIONS, canAppeal, claimBasis, type ActionVerdict, type MessageContent, type PoolSettledData, type ReviewMember, type SelfReportOnlyCounts, type StoredOutcome, type ValidationMessages,
} from '../../../services/validation/index.js';
import { appealButton } from './callback-data.js';
import { nameOfMember, resultsMessage } from './results-text.js';
import { appealHeading, decisionMessage, reviewMessage, reviewPages, type ReviewEntry } from './review-text.js';

const VERDICT = { accepted: '✅ accepted', flagged: '🟡 flagged — an admin will decide', rejected: '❌ rejected' } as const;
const STATUS = { verified: '✅ verified', unverifiable: '❔ unverifiable (self-report)', not_found: '✖️ not found' } as const;
const APPEAL = { none: '', pending: '📨 Your appeal is waiting for an admin.', upheld: '⚖️ Your appeal was refused.', overturned: '⚖️ Your appeal was accepted.' } as const;

// The rule is validation's (the Mini App asks it too); the bot's feature imports it from here.
export { canAppeal };

/** Links to the posts that show an action (at most three), instead of their ids. */
function evidenceLinks(v: ActionVerdict): string {
  const ids = v.evidence.flatMap((e) => (e.postId ? [e.postId] : [])).slice(0, 3);
  return ids.length === 0 ? '' : ` (${ids.map((id, i) => `<a href="${postUrl(id)}">${ids.length > 1 ? `post ${i + 1}` : 'see it'}</a>`).join(', ')})`;
}

/** What became of a claim that rested on self-report alone, in the member's terms. */
function selfReportFate(o: StoredOutcome): string {
  if (o.verdict === 'accepted') return 'an admin accepted it.';
  if (o.verdict === 'flagged') return 'an admin decides.';
  return o.decidedBy !== null ? 'an admin rejected it.' : 'it was rejected.';
}

/** What the raid's claims resting on self-report alone came to, as things stand now. */
function raidSelfReport(c: SelfReportOnlyCounts): string {
  const parts = [
    c.acceptedByAdmin > 0 ? `${c.acceptedByAdmin} accepted by an admin` : '',
    c.flagged > 0 ? `${c.flagged} waiting for an admin` : '',
    c.rejected > 0 ? `${c.rejected} rejected` : '',
  ].filter(Boolean);
  return `In this raid ${c.total} claim${c.total === 1 ? '' : 's'} rested only on actions X cannot show: ${parts.join(', ')}.`;
}

/**
 * `token`: the raid's reward token (the outcome stores its share in the token's smallest unit).
 * `selfReport`: the raid's claims resting on self-report alone and what became of them.
 */
export function myRaidText(o: StoredOutcome, token: string | null = null, selfReport: SelfReportOnlyCounts | null = null): string {
  const lines = [`🧾 <b>Raid #${o.raidId}</b> — your verdict: <b>${VERDICT[o.verdict]}</b>`, `X account: @${esc(o.claimant.xUsername)}`];
  lines.push(o.verdict === 'flagged' ? `Points: 0 now, ${o.computedPoints} if an admin accepts` : `Points: <b>${o.points}</b>`);
  if (o.reward !== null) {
    // Without the token (the raid is gone) the units cannot become whole tokens; say what the number is.
    lines.push(token ? `Reward share: <b>${esc(formatAmount(o.reward, token))}</b>` : `Reward share: ${o.reward} (token's smallest units)`);
  }
  // Only what the raid asked for: the other actions earned nothing and would only confuse.
  const requested = ACTIONS.filter((a) => o.actions[a].requested);
  lines.push('', '<b>What X showed</b>');
  for (const a of requested) lines.push(`• ${a}: ${STATUS[o.actions[a].status]} — ${esc(o.actions[a].note)}${evidenceLinks(o.actions[a])}`);
  if (claimBasis(o.actions) === 'self_report') {
    lines.push('', `Your claim rests only on actions X cannot show, so it is not accepted on your word alone: ${selfReportFate(o)}`);
  }
  if (o.reasons.length > 0) {
    lines.push('', '<b>Why</b>');
    for (const r of o.reasons) lines.push(`– ${esc(r)}`);
  }
  if (selfReport && selfReport.total > 0) lines.push('', raidSelfReport(selfReport));
  if (o.decidedBy !== null && o.appealState === 'none') lines.push('', 'An admin reviewed this verdict.');
  if (APPEAL[o.appealState]) lines.push('', APPEAL[o.appealState]);
  if (canAppeal(o)) lines.push('', 'Think this is wrong? You may appeal once.');
  return lines.join('\n');
}

export const appealKeyboard = (raidId: string): InlineKeyboardMarkup => ({ inline_keyboard: [[{ text: '📨 Appeal', callback_data: appealButton.build({ raidId }) }]] });

export const appealHowTo = (raidId: string) =>
  `Tell the admins why, in one message:\n<code>/appeal #${raidId} your reason</code>\n(one appeal per raid; up to 500 characters).`;

export const APPEAL_USAGE = 'Send <code>/appeal your reason</code> (for your latest raid) or <code>/appeal #&lt;raid&gt; your reason</code>.';
export const NO_OUTCOME = 'You have no validated raid yet. After a raid you claimed ends and is checked, /myraid shows your verdict here.';
export const NOT_YOUR_RAID = 'I have no verdict of yours for that raid.';
export const APPEAL_SENT = '📨 Appeal sent. The group’s admins will decide; /myraid shows the result.';
export const APPEAL_REFUSED = {
  not_found: NOT_YOUR_RAID,
  empty: APPEAL_USAGE,
  not_rejected: 'Only a rejected verdict can be appealed.',
  already_appealed: 'You have already appealed this verdict: one appeal per raid.',
} as const;

export const APPEAL_IN_PRIVATE = 'Send /appeal to me in a private chat: /myraid there shows your verdict and how to appeal it.';
export const MYRAID_IN_PRIVATE = 'Send /myraid to me in a private chat: your verdict is yours alone.';
export const GROUP_ONLY = 'That command works inside a group.';
export const NO_VALIDATED_RAID = 'No raid of this group has been validated yet.';
export const reportSent = (raidId: string) => `📄 I sent you the report of raid #${raidId} in private. (If it does not arrive, open a chat with me and press Start, then ask again.)`;
/** The report's caption, with what became of the claims resting on self-report alone (its rests_on column). */
export const reportCaption = (raidId: string, selfReport?: SelfReportOnlyCounts) =>
  `Raid #${raidId}: one row per claimant (what X showed, what the claim rests on, verdict, reasons, points, reward).` +
  (selfReport && selfReport.total > 0 ? ` ${raidSelfReport(selfReport)}` : '');

export const BLACKLIST_USAGE = 'Usage: <code>/blacklist add @x_username</code>, <code>/blacklist add 123456789</code> (a Telegram id), or <code>remove</code> instead of add.';
export const blacklistDone = (add: boolean, kind: 'telegram' | 'x', value: string, changed: boolean) => {
  const who = kind === 'x' ? `X account @${esc(value)}` : `Telegram member ${esc(value)}`;
  if (!changed) return add ? `${who} was already blacklisted.` : `${who} was not blacklisted.`;
  return add ? `⛔ ${who} is blacklisted: their next claims are rejected.` : `✅ ${who} is no longer blacklisted.`;
};

export const decisionAnswer = (result: 'accept' | 'reject' | 'not_pending' | 'not_found') =>
  ({ accept: 'Accepted.', reject: 'Rejected.', not_pending: 'Already decided.', not_found: 'No such claim.' })[result];


/** Group messages go without a link preview: the results link the post, and a preview would bury the words. */
const groupContent = (text: string, keyboard?: InlineKeyboardMarkup): MessageContent => ({
  text,
  parse_mode: 'HTML',
  link_preview_options: { is_disabled: true },
  ...(keyboard ? { reply_markup: keyboard } : {}),
});

const entryOf = (m: ReviewMember): ReviewEntry => ({
  telegramUserId: m.telegramUserId,
  name: nameOfMember(m),
  xUsername: m.xUsername,
  reasons: m.reasons,
  computedPoints: m.computedPoints,
  ...(m.appeal !== undefined ? { appeal: m.appeal } : {}),
});

/** The texts validation sends, for every bot today (the port takes a bot id for branding later). */
export const validationMessages: ValidationMessages = {
  results: (r) => groupContent(resultsMessage(r)),
  review: (raidId, members, flagged) => reviewPages(raidId, members.map(entryOf), flagged).map((p) => groupContent(p.text, p.keyboard)),
  decision: (d) => groupContent(decisionMessage({ ...d, name: nameOfMember(d.member), adminName: nameOfMember(d.admin) })),
  appeal: (raidId, member) => {
    const review = reviewMessage(raidId, [entryOf(member)], appealHeading(raidId));
    return groupContent(review.text, review.keyboard);
  },
  poolSettled: (d) => groupContent(poolSettledMessage(d)),
};

/** A funded pool's settlement, in the group. */
export function poolSettledMessage(d: PoolSettledData): string {
  const lines = d.status === 'paid'
    ? [`💸 <b>Raid #${esc(d.raidId)} pool paid</b>: ${esc(formatAmount(d.amount - d.returned, d.token))} to ${d.paidMembers} member${d.paidMembers === 1 ? '' : 's'}' reward balances (/rewards in private).`]
    : [`↩️ <b>Raid #${esc(d.raidId)} pool returned</b>: nobody was accepted, so the ${esc(formatAmount(d.amount, d.token))} went back to the group's balance.`];
  if (d.status === 'paid' && d.returned > 0n) lines.push(`${esc(formatAmount(d.returned, d.token))} went back to the group's balance.`);
  if (d.undecided > 0) lines.push(`${d.undecided} flagged claim${d.undecided === 1 ? ' was' : 's were'} not decided within ${d.reviewHours} h and counted as not accepted.`);
  return lines.join('\n');
}
