// What validation says in the group: the results, the admin review of flagged members, decisions and
// appeals. HTML parse mode, so every member- or X-written string is escaped. Review buttons carry
// `rv:<raidId>:<telegramUserId>:a|r` (under Telegram's 64-byte callback_data limit for any bigint ids).
import { escapeHtml as esc } from '../platform/html.js';
import { formatAmount } from '../platform/token-amounts.js';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Verdict } from './anti-fraud.js';

export { escapeHtml as esc } from '../platform/html.js';

export interface MemberName {
  username: string | null;
  firstName: string;
}

export const nameOf = (p: MemberName | undefined, telegramUserId: string): string =>
  p?.username ? `@${esc(p.username)}` : p?.firstName ? esc(p.firstName) : `member ${telegramUserId}`;

export const reviewData = (raidId: string, telegramUserId: string, decision: 'a' | 'r') => `rv:${raidId}:${telegramUserId}:${decision}`;

export interface ResultsView {
  raidId: string;
  postUrl: string;
  counts: Record<Verdict, number>;
  top: Array<{ name: string; points: number }>;
  /** X hid part of the engagement: the self-report weight those actions earn. */
  hidden: { likes: boolean; reposts: boolean; replies: boolean; selfReport: number; likesRequested: boolean; repostsRequested: boolean };
  reward: { amount: bigint; token: string; rule: string } | null;
}

export function resultsMessage(v: ResultsView): string {
  const lines = [`🏁 <b>Raid #${v.raidId} validated</b> — <a href="${esc(v.postUrl)}">the post</a>`, ''];
  lines.push(`✅ accepted: <b>${v.counts.accepted}</b> · 🟡 flagged: <b>${v.counts.flagged}</b> · ❌ rejected: <b>${v.counts.rejected}</b>`);
  if (v.top.length > 0) {
    lines.push('', '<b>Top raiders</b>');
    v.top.forEach((t, i) => lines.push(`${i + 1}. ${t.name} — ${t.points} pts`));
  }
  const notes: string[] = [];
  if (v.hidden.likes && v.hidden.likesRequested) notes.push(`X could not show likes: unverifiable likes earn ${v.hidden.selfReport}.`);
  if (v.hidden.reposts && v.hidden.repostsRequested) notes.push(`X shows only the latest 100 reposters: unverifiable reposts earn ${v.hidden.selfReport}.`);
  if (v.hidden.replies) notes.push('X search no longer reaches the start of this raid: replies from then are unverifiable.');
  if (v.counts.flagged > 0) notes.push('Flagged members wait for an admin decision.');
  if (v.reward) notes.push(`Reward pool ${esc(formatAmount(v.reward.amount, v.reward.token))}: ${esc(v.reward.rule)}.`);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `ℹ️ ${n}`));
  lines.push('', 'Members: send /myraid to me in private for your verdict and its reasons.');
  return lines.join('\n');
}

export interface ReviewEntry {
  telegramUserId: string;
  name: string;
  xUsername: string;
  reasons: string[];
  computedPoints: number;
}

/** Buttons for the members listed; each message lists at most `perMessage` of them. */
export function reviewMessage(raidId: string, entries: readonly ReviewEntry[], heading: string): { text: string; keyboard: InlineKeyboardMarkup } {
  const lines = [heading, ''];
  for (const e of entries) {
    lines.push(`• ${e.name} (X @${esc(e.xUsername)}) — ${e.computedPoints} pts if accepted`);
    for (const r of e.reasons) lines.push(`   – ${esc(r)}`);
  }
  return {
    text: lines.join('\n'),
    keyboard: {
      inline_keyboard: entries.map((e) => [
        { text: `✅ Accept ${plain(e.name)}`, callback_data: reviewData(raidId, e.telegramUserId, 'a') },
        { text: '❌ Reject', callback_data: reviewData(raidId, e.telegramUserId, 'r') },
      ]),
    },
  };
}

// Button labels are plain text, not HTML: undo the escaping and keep them short.
const plain = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').slice(0, 24);

export function decisionMessage(d: { raidId: string; name: string; adminName: string; accepted: boolean; points: number; appeal: boolean; hasPool: boolean }): string {
  const what = d.appeal ? (d.accepted ? 'appeal upheld: accepted' : 'appeal refused: stays rejected') : d.accepted ? 'accepted' : 'rejected';
  const lines = [`⚖️ Raid #${d.raidId}: ${d.name} — ${what} by ${d.adminName}${d.accepted ? ` (+${d.points} pts)` : ''}.`];
  // The pool was split among members accepted at validation; splitting again is a later feature.
  if (d.accepted && d.hasPool) lines.push('The reward pool is not split again: this decision awards points only.');
  return lines.join('\n');
}

export function appealHeading(raidId: string): string {
  return `📨 <b>Appeal on raid #${esc(raidId)}</b> — admins, please decide:`;
}
