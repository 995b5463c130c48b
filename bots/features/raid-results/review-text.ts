// The admins' review of flagged members, appeals and decisions, as validation posts them in the group.
// Review buttons' data is reviewButton's (callback-data.ts), which index.ts matches.
import type { InlineKeyboardMarkup } from 'grammy/types';
import { escapeHtml as esc } from '../../html.js';
import { cut } from '../../../services/platform/graphemes.js';
import type { DecisionData } from '../../../services/validation/index.js';
import type { TelegramUserId } from '../../../services/platform/telegram-ids.js';
import { reviewButton } from './callback-data.js';
import { plural, renderedLength, TEXT_BUDGET } from './results-text.js';

export interface ReviewEntry {
  telegramUserId: TelegramUserId;
  /** HTML, as nameOf returns it. */
  name: string;
  xUsername: string;
  reasons: string[];
  computedPoints: number;
  /** The member's own words on an appeal, shown whole (MAX_APPEAL_LENGTH bounds it). */
  appeal?: string;
}

/**
 * Each member's reasons in the review are bounded, so a message holds several members whatever the rules
 * found (a farm of young, low-follower near-duplicates piles up long reasons): each reason is cut to
 * REASON_MAX characters and the list stops at REASONS_MAX in all (about 550 characters an entry at most, so
 * six fit a message); /raidreport has every reason in full.
 */
const REASON_MAX = 160;
const REASONS_MAX = 340;
/** X handles are at most 15 characters; a stored one is not trusted to be. */
const X_NAME_MAX = 32;

export function reviewEntryText(e: ReviewEntry): string {
  const lines = [`• ${e.name} (X @${esc(cut(e.xUsername, X_NAME_MAX))}) — ${plural(e.computedPoints, 'point')} if accepted`];
  let used = 0;
  for (const [i, r] of e.reasons.entries()) {
    const line = `   – ${cut(r, REASON_MAX)}`;
    if (i > 0 && used + line.length > REASONS_MAX) {
      lines.push(`   – …and ${e.reasons.length - i} more (see /raidreport)`);
      break;
    }
    used += line.length + 1;
    lines.push(esc(line));
  }
  if (e.appeal !== undefined) lines.push(`   – appeal: “${esc(e.appeal)}”`);
  return lines.join('\n');
}

export function reviewMessage(raidId: string, entries: readonly ReviewEntry[], heading: string): { text: string; keyboard: InlineKeyboardMarkup } {
  return {
    text: [heading, '', ...entries.map(reviewEntryText)].join('\n'),
    keyboard: {
      inline_keyboard: entries.map((e) => [
        { text: `✅ Accept ${plain(e.name)}`, callback_data: reviewButton.build({ raidId, memberId: e.telegramUserId, decision: 'accept' }) },
        { text: '❌ Reject', callback_data: reviewButton.build({ raidId, memberId: e.telegramUserId, decision: 'reject' }) },
      ]),
    },
  };
}

/**
 * Entries grouped into review messages: a new message when the next member would take the text past
 * TEXT_BUDGET (rendered, after `headingReserve` for the heading) or past `perMessage` members (the rows of
 * buttons stay readable). A member's entry is bounded (reviewEntryText), so every one fits a message.
 */
export function packReview(entries: readonly ReviewEntry[], perMessage: number, headingReserve: number): ReviewEntry[][] {
  const pages: ReviewEntry[][] = [];
  let page: ReviewEntry[] = [];
  let used = headingReserve;
  for (const e of entries) {
    const size = renderedLength(reviewEntryText(e)) + 1;
    if (page.length > 0 && (page.length === perMessage || used + size > TEXT_BUDGET)) {
      pages.push(page);
      page = [];
      used = headingReserve;
    }
    page.push(e);
    used += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/**
 * At most ten members a message keeps the buttons readable; each message also stays under TEXT_BUDGET, and
 * each member's entry is bounded, so at least six fit a message. Ten messages keep a spam wave from
 * flooding the group: members past them (only beyond 60 to 100 flagged members, by the length of their
 * reasons) are counted in the last heading and listed, with every reason, in /raidreport.
 */
const REVIEW_PER_MESSAGE = 10;
const REVIEW_MAX_MESSAGES = 10;

/** The review of a raid's flagged members, paged; `flagged` counts them all, listed or not. */
export function reviewPages(raidId: string, entries: readonly ReviewEntry[], flagged: number): Array<{ text: string; keyboard: InlineKeyboardMarkup }> {
  const heading = `🟡 <b>Raid #${raidId}: flagged members</b> — admins, accept or reject each:`;
  const rest = (n: number) => `\n(${n} more flagged members are not listed here; /raidreport has them all.)`;
  // Room for the heading and, on the last message, the note on members left out (its largest count).
  const pages = packReview(entries, REVIEW_PER_MESSAGE, renderedLength(heading + rest(flagged)) + 2).slice(0, REVIEW_MAX_MESSAGES);
  const listed = pages.reduce((n, p) => n + p.length, 0);
  return pages.map((page, i) => {
    const last = i === pages.length - 1;
    return reviewMessage(raidId, page, last && flagged > listed ? heading + rest(flagged - listed) : heading);
  });
}

// Button labels are plain text, not HTML: undo the escaping (&amp; last) and keep them short, by graphemes.
const plain = (s: string) => cut(s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'), 24);

export function decisionMessage(d: Omit<DecisionData, 'member' | 'admin'> & { name: string; adminName: string }): string {
  const what = d.appeal ? (d.accepted ? 'appeal upheld: accepted' : 'appeal refused: stays rejected') : d.accepted ? 'accepted' : 'rejected';
  const lines = [`⚖️ Raid #${d.raidId}: ${d.name} — ${what} by ${d.adminName}${d.accepted ? ` (+${plural(d.points, 'point')})` : ''}.`];
  // A funded pool still held is split at the payout, with this decision in it; otherwise the shares stand.
  if (d.accepted && d.pool === 'held') lines.push('The reward pool is paid out after the review: this member now has a share in it.');
  else if (d.accepted && d.pool === 'settled') lines.push('The reward pool was already paid out: this decision awards points only.');
  else if (d.accepted && d.hasPool) lines.push('The reward shares stay as they were posted with the results: this decision awards points only.');
  return lines.join('\n');
}

export function appealHeading(raidId: string): string {
  return `📨 <b>Appeal on raid #${esc(raidId)}</b> — admins, please decide:`;
}
