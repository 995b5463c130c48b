import { escapeHtml as esc } from '../platform/html.js';
import { formatAmount } from '../platform/token-amounts.js';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { RaidProgress, RaidRecord, RaidTargets } from './types.js';


const LABELS: Array<[keyof RaidTargets, string]> = [
  ['replies', '💬 Replies'],
  ['reposts', '🔁 Reposts'],
  ['likes', '❤️ Likes'],
  ['quotes', '🗨 Quotes'],
  ['bookmarks', '🔖 Bookmarks'],
];

export function progressBar(done: number, target: number, width = 10): string {
  const filled = target <= 0 ? width : Math.min(width, Math.floor((done / target) * width));
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}

/** Minutes are enough on a card that is edited every tick; finer would edit it every time for nothing. */
export function timeLeft(endsAt: Date, now: Date): string {
  const minutes = Math.ceil((endsAt.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return 'ending now';
  if (minutes < 60) return `${minutes} min left`;
  const h = Math.floor(minutes / 60);
  return `${h} h ${minutes % 60} min left`;
}

/** A wait as a member reads it: "45 s", "5 min", "2 h". */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

export const targetsReached = (targets: RaidTargets, progress: RaidProgress) =>
  LABELS.every(([key]) => targets[key] <= 0 || progress[key] >= targets[key]);

type CardRaid = Pick<RaidRecord, 'id' | 'postId' | 'postUrl' | 'authorUsername' | 'postText' | 'targets' | 'endsAt' | 'lockApplied' | 'lockRequested' | 'lockNote' | 'rewardPool'>;

/** The live raid card (Telegram HTML). `ended` renders the final state. */
/** `ended.claimsOpenMs`: how long presses still count; `ended.resultsInMs`: when the verdicts come (later:
 * X's search needs a few seconds to show the last replies). */
export function renderCard(raid: CardRaid, progress: RaidProgress, now: Date, ended?: { reason: 'targets' | 'time' | 'admin'; claimsOpenMs: number; resultsInMs: number }): string {
  const lines = [`⚔️ <b>RAID ${ended ? 'ENDED' : 'LIVE'}</b> on <a href="${esc(raid.postUrl)}">${raid.authorUsername ? `@${esc(raid.authorUsername)}` : 'this post'}</a>`];
  const excerpt = raid.postText.replace(/\s+/g, ' ').trim();
  // Cut by code points: a UTF-16 cut can split an emoji, and a lone surrogate makes the outbox row invalid JSON.
  const chars = [...excerpt];
  if (excerpt) lines.push(`<i>“${esc(chars.length > 140 ? `${chars.slice(0, 139).join('')}…` : excerpt)}”</i>`);
  lines.push('');
  for (const [key, label] of LABELS) {
    const target = raid.targets[key];
    if (target <= 0) continue;
    const done = progress[key];
    lines.push(`${label} ${progressBar(done, target)} ${done}/${target}${done >= target ? ' ✅' : ''}`);
  }
  // The post's own tally counts bookmarks, but X never says who made them: members should know theirs is
  // taken on their word, as validation labels it.
  if (raid.targets.bookmarks > 0) lines.push('🔖 X counts bookmarks but never shows who made them: yours is taken on your word (self-report).');
  lines.push('');
  if (raid.rewardPool) lines.push(`🎁 Reward pool: <b>${esc(formatAmount(raid.rewardPool.amount, raid.rewardPool.token))}</b> (split after validation)`);
  if (raid.lockApplied && !ended) lines.push('🔒 Chat locked until the raid ends.');
  if (raid.lockRequested && !raid.lockApplied && raid.lockNote) lines.push(`🔓 Not locked: ${esc(raid.lockNote)}`);
  if (ended) {
    const why = ended.reason === 'targets' ? 'every target reached 🎉' : ended.reason === 'time' ? 'time is up' : 'ended by an admin';
    lines.push(`🏁 Raid over: ${why}.`);
    lines.push(`Raided but not pressed yet? You have ${waitInWords(ended.claimsOpenMs)} to press “I raided”; the results come in about ${waitInWords(ended.resultsInMs)}.`);
  } else {
    lines.push(`⏳ ${timeLeft(raid.endsAt, now)}. Engage on X, then press “I raided”.`);
  }
  return lines.join('\n');
}

/** Buttons that open X's intents for the post, and the claim button (callback data well under 64 bytes). */
export function cardKeyboard(raid: Pick<RaidRecord, 'id' | 'postId' | 'targets'>, open: boolean): InlineKeyboardMarkup {
  const intents = [
    { text: '💬 Reply', url: `https://x.com/intent/post?in_reply_to=${raid.postId}` },
    { text: '🔁 Repost', url: `https://x.com/intent/retweet?tweet_id=${raid.postId}` },
    { text: '❤️ Like', url: `https://x.com/intent/like?tweet_id=${raid.postId}` },
  ];
  const rows: InlineKeyboardMarkup['inline_keyboard'] = [];
  if (open) rows.push(intents);
  rows.push([{ text: '✅ I raided', callback_data: `raid:claim:${raid.id}` }]);
  return { inline_keyboard: rows };
}

export function progressFrom(baseline: RaidProgress, current: RaidProgress): RaidProgress {
  const delta = (k: keyof RaidProgress) => Math.max(0, current[k] - baseline[k]);
  return { replies: delta('replies'), reposts: delta('reposts'), likes: delta('likes'), quotes: delta('quotes'), bookmarks: delta('bookmarks') };
}
