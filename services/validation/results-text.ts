// What validation says in the group: the results, the admin review of flagged members, decisions and
// appeals. HTML parse mode, so every member- or X-written string is escaped. Review buttons carry
// `rv:<raidId>:<telegramUserId>:a|r` (under Telegram's 64-byte callback_data limit for any bigint ids).
import { escapeHtml as esc } from '../platform/html.js';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Verdict } from './anti-fraud.js';

export { escapeHtml as esc } from '../platform/html.js';

export interface MemberName {
  username: string | null;
  firstName: string;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 units (what budgets count), cut between whole graphemes, with an ellipsis when cut.
 * Never `.slice` on UTF-16 units: half an emoji is a lone surrogate, which JSON.stringify writes as "\ud83d"
 * and Postgres then refuses in the outbox's jsonb (inside the validation transaction, so the raid would
 * never validate).
 */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let kept = '';
  for (const { segment } of graphemes.segment(s)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** Telegram first names and usernames are short, but nothing here should trust a stored profile's length. */
const NAME_MAX = 64;
export const nameOf = (p: MemberName | undefined, telegramUserId: string): string =>
  p?.username ? `@${esc(cut(p.username, NAME_MAX))}` : p?.firstName ? esc(cut(p.firstName, NAME_MAX)) : `member ${telegramUserId}`;

/**
 * What a message's HTML shows once Telegram parses it, in UTF-16 units (Telegram's 4,096 limit counts
 * after entity parsing; UTF-16 is never less than what it counts).
 */
export const renderedLength = (html: string): number =>
  html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot);/g, '&').length;

/** Telegram refuses a message over 4,096 characters; this leaves room for a heading and slack. */
export const TEXT_BUDGET = 3500;

export const reviewData = (raidId: string, telegramUserId: string, decision: 'a' | 'r') => `rv:${raidId}:${telegramUserId}:${decision}`;

/** What the results say about the claims that rested on what X cannot show. */
export interface ResultsNotes {
  /** X hid part of the engagement (likes private or capped, reposts past 100, replies past the search window). */
  likes: boolean;
  reposts: boolean;
  replies: boolean;
  likesRequested: boolean;
  repostsRequested: boolean;
  bookmarksRequested: boolean;
  /** What an unverifiable action earns, and whether also on self-report alone. */
  selfReport: number;
  selfReportAlone: boolean;
  /** Claims that rested on self-report alone, by verdict, and the group's rule for them. */
  selfReportOnly: Record<Verdict, number>;
  selfReportOnlyRule: 'flag' | 'reject';
  /** Timelines read for claimants past X's 100 reposters: read, wanted (budget or not), reposts verified. */
  timelines: { read: number; wanted: number; verified: number };
}

export interface ResultsView {
  raidId: string;
  postUrl: string;
  counts: Record<Verdict, number>;
  /** The top raiders, with their share of the pool in whole tokens when there is one. */
  top: Array<{ name: string; points: number; share?: string }>;
  notes: ResultsNotes;
  /** The reward split in words (reward-words.ts), or null without a pool. */
  reward: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Each note is one bounded sentence: the whole message stays far under Telegram's 4,096 characters. */
function notesOf(v: ResultsView): string[] {
  const n = v.notes;
  const notes: string[] = [];
  const earns = n.selfReportAlone ? `earns ${n.selfReport}` : `earns ${n.selfReport} only next to an action X verified`;
  const self = n.selfReportOnly;
  const selfTotal = self.accepted + self.flagged + self.rejected;
  if (selfTotal > 0) {
    const what = [self.flagged > 0 ? `${self.flagged} flagged for an admin` : '', self.rejected > 0 ? `${self.rejected} rejected` : ''].filter(Boolean).join(', ');
    const rule = n.selfReportOnlyRule === 'flag' ? 'none is accepted on the member’s word alone' : 'this group rejects them';
    notes.push(`${plural(selfTotal, 'claim')} rested only on actions X cannot show: ${what} (${rule}).`);
  }
  if (n.likes && n.likesRequested) notes.push(`X keeps likes hidden: a like ${earns}.`);
  if (n.reposts && n.repostsRequested) {
    const t = n.timelines;
    const read = t.read > 0 ? ` I read the timelines of ${plural(t.read, 'member')} it left out and found ${plural(t.verified, 'repost')}.` : '';
    const left = t.wanted > t.read ? ` ${plural(t.wanted - t.read, 'more member')} left unread (${t.read} timeline reads a raid at most).` : '';
    notes.push(`X lists only 100 reposters.${read}${left} An unverifiable repost ${earns}.`);
  }
  if (n.bookmarksRequested) notes.push(`X never shows who bookmarked: a bookmark ${earns}.`);
  if (n.replies) notes.push('X search no longer reaches the start of this raid: replies from then are unverifiable.');
  if (v.counts.flagged > 0) notes.push('Flagged members wait for an admin decision; an Accept awards points, the pool is not split again.');
  return notes;
}

export function resultsMessage(v: ResultsView): string {
  const lines = [`🏁 <b>Raid #${v.raidId} validated</b> — <a href="${esc(v.postUrl)}">the post</a>`, ''];
  lines.push(`✅ accepted: <b>${v.counts.accepted}</b> · 🟡 flagged: <b>${v.counts.flagged}</b> · ❌ rejected: <b>${v.counts.rejected}</b>`);
  // Bounded whatever the input: ten names of at most 64 characters, fixed notes, and the reward in words.
  if (v.top.length > 0) {
    lines.push('', '<b>Top raiders</b>');
    v.top.forEach((t, i) => lines.push(`${i + 1}. ${t.name} — ${plural(t.points, 'point')}${t.share ? ` — ${esc(t.share)}` : ''}`));
  }
  // Built from bounded parts (amounts of at most 61 digits, a token symbol of at most 64 characters).
  if (v.reward) lines.push('', v.reward);
  const notes = notesOf(v);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `ℹ️ ${n}`));
  lines.push('', 'Members: send /myraid to me in private for your verdict and its reasons.');
  return lines.join('\n');
}

export interface ReviewEntry {
  telegramUserId: string;
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
        { text: `✅ Accept ${plain(e.name)}`, callback_data: reviewData(raidId, e.telegramUserId, 'a') },
        { text: '❌ Reject', callback_data: reviewData(raidId, e.telegramUserId, 'r') },
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

// Button labels are plain text, not HTML: undo the escaping (&amp; last) and keep them short, by graphemes.
const plain = (s: string) => cut(s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'), 24);

export function decisionMessage(d: { raidId: string; name: string; adminName: string; accepted: boolean; points: number; appeal: boolean; hasPool: boolean }): string {
  const what = d.appeal ? (d.accepted ? 'appeal upheld: accepted' : 'appeal refused: stays rejected') : d.accepted ? 'accepted' : 'rejected';
  const lines = [`⚖️ Raid #${d.raidId}: ${d.name} — ${what} by ${d.adminName}${d.accepted ? ` (+${plural(d.points, 'point')})` : ''}.`];
  // The pool was split among members accepted at validation; splitting again is a later feature.
  if (d.accepted && d.hasPool) lines.push('The reward pool is not split again: this decision awards points only.');
  return lines.join('\n');
}

export function appealHeading(raidId: string): string {
  return `📨 <b>Appeal on raid #${esc(raidId)}</b> — admins, please decide:`;
}
