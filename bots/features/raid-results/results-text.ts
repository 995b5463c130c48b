// What validation says in the group: the results message (the review and decisions are in review-text.ts).
// HTML parse mode, so every member- or X-written string is escaped.
import { escapeHtml as esc } from '../../html.js';
import { cut } from '../../../services/platform/graphemes.js';
import { formatAmount } from '../../../services/platform/token-amounts.js';
import type { Member, MemberName, ResultsData } from '../../../services/validation/index.js';
import type { TelegramUserId } from '../../../services/platform/telegram-ids.js';
import { rewardWords } from './reward-words.js';

/** Telegram first names and usernames are short, but nothing here should trust a stored profile's length. */
const NAME_MAX = 64;
export const nameOf = (p: MemberName | undefined, telegramUserId: TelegramUserId): string =>
  p?.username ? `@${esc(cut(p.username, NAME_MAX))}` : p?.firstName ? esc(cut(p.firstName, NAME_MAX)) : `member ${telegramUserId}`;
export const nameOfMember = (m: Member) => nameOf(m.profile, m.telegramUserId);

/**
 * What a message's HTML shows once Telegram parses it, in UTF-16 units (Telegram's 4,096 limit counts
 * after entity parsing; UTF-16 is never less than what it counts).
 */
export const renderedLength = (html: string): number =>
  html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot);/g, '&').length;

/** Telegram refuses a message over 4,096 characters; this leaves room for a heading and slack. */
export const TEXT_BUDGET = 3500;

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Each note is one bounded sentence: the whole message stays far under Telegram's 4,096 characters. */
function notesOf(v: ResultsData): string[] {
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
  if (v.counts.flagged > 0) notes.push(flaggedNote(v));
  return notes;
}

/** What an admin's decision on a flagged member changes. A funded pool is split when it is paid, after the
 * decisions (or the review window), so an Accept before then counts in it; an unfunded pool's shares are the
 * ones above, fixed now. */
export function flaggedNote(v: Pick<ResultsData, 'pool' | 'reviewHours'>): string {
  if (v.pool === 'held') {
    return `Flagged members wait for an admin decision. The pool is paid once they are all decided, or after ${v.reviewHours} h (the undecided then count as not accepted): an Accept before then earns points and a share, and the shares above may change.`;
  }
  if (v.pool === 'none') return 'Flagged members wait for an admin decision; an Accept awards points.';
  return 'Flagged members wait for an admin decision; an Accept awards points, and the shares above stay as they are.';
}

export function resultsMessage(v: ResultsData): string {
  const lines = [`🏁 <b>Raid #${v.raidId} validated</b> — <a href="${esc(v.postUrl)}">the post</a>`, ''];
  lines.push(`✅ accepted: <b>${v.counts.accepted}</b> · 🟡 flagged: <b>${v.counts.flagged}</b> · ❌ rejected: <b>${v.counts.rejected}</b>`);
  // Bounded whatever the input: ten names of at most 64 characters, fixed notes, and the reward in words.
  if (v.top.length > 0) {
    lines.push('', '<b>Top raiders</b>');
    v.top.forEach((t, i) => lines.push(`${i + 1}. ${nameOfMember(t)} — ${plural(t.points, 'point')}${t.share ? ` — ${esc(formatAmount(t.share.amount, t.share.token))}` : ''}`));
  }
  // Built from bounded parts (amounts of at most 61 digits, a token symbol of at most 64 characters).
  if (v.reward) lines.push('', rewardWords(v.reward));
  const notes = notesOf(v);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `ℹ️ ${n}`));
  lines.push('', 'Members: send /myraid to me in private for your verdict and its reasons.');
  return lines.join('\n');
}
