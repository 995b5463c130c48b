// Words of the raids feature: the live card, the end summary, the unlock warning (the RaidMessages port the
// raids service sends through, services/raids/messages.ts) and the answers to /raid and /endraid.
// Telegram HTML: everything X or a member wrote is escaped.
import type { InlineKeyboardMarkup } from 'grammy/types';
import { escapeHtml as esc } from '../../html.js';
import { claimButton } from './callback-data.js';
import { formatAmount } from '../../../services/platform/token-amounts.js';
import type { CancelSummary, CardRaid, CardState, EndSummary, LaunchRefusal, MessageContent, RaidCommandRefusal, RaidMessages, RaidProgress, RaidRecord, RaidTargets } from '../../../services/raids/index.js';
import { MAX_TARGET } from '../../../services/raids/index.js';
import { RAID_LENGTH_RANGE } from '../../../services/groups/index.js';

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

/** A stored lock note (services/raids/lock.ts) in words; raids from before the codes stored the words. */
export function lockNoteText(note: string): string {
  if (note === 'not_supergroup') return 'Telegram only lets bots lock supergroups';
  if (note === 'bot_cannot_restrict') return 'make me an admin with the “Ban users” right to lock the chat';
  if (note === 'earlier_raid_still_locked') return 'an earlier raid has not given the chat its permissions back yet';
  if (note.startsWith('telegram_refused: ')) return `Telegram refused: ${note.slice('telegram_refused: '.length)}`;
  return note;
}

const endedWhy = (reason: EndSummary['reason']) => (reason === 'targets' ? 'every target reached 🎉' : reason === 'time' ? 'time is up' : 'ended by an admin');

/** A white-label bot's words on its cards (its branding, plain text); unset parts keep Warhorn's. */
export interface CardWording {
  /** The card's heading word: "RAID" in "⚔️ RAID LIVE". */
  title?: string;
  /** The live card's call to action: "Engage on X, then press “I raided”." */
  call?: string;
  /** The claim button's label: "✅ I raided". */
  claimButton?: string;
}

/** The live raid card (Telegram HTML). `ended` renders the final state. */
export function renderCard(
  raid: CardRaid,
  progress: RaidProgress,
  now: Date,
  ended?: { reason: EndSummary['reason']; claimsOpenMs: number; resultsInMs: number } | 'cancelled',
  wording: CardWording = {},
): string {
  const title = esc(wording.title ?? 'RAID');
  const lines = [`⚔️ <b>${title} ${ended === 'cancelled' ? 'CANCELLED' : ended ? 'ENDED' : 'LIVE'}</b> on <a href="${esc(raid.postUrl)}">${raid.authorUsername ? `@${esc(raid.authorUsername)}` : 'this post'}</a>`];
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
  if (raid.rewardPool && ended !== 'cancelled') lines.push(`🎁 Reward pool: <b>${esc(formatAmount(raid.rewardPool.amount, raid.rewardPool.token))}</b> (split after validation)`);
  if (raid.lockApplied && !ended) lines.push('🔒 Chat locked until the raid ends.');
  if (raid.lockRequested && !raid.lockApplied && raid.lockNote) lines.push(`🔓 Not locked: ${esc(lockNoteText(raid.lockNote))}`);
  if (ended === 'cancelled') {
    lines.push('🛑 Cancelled by an admin: no validation, and claims are closed.');
  } else if (ended) {
    lines.push(`🏁 Raid over: ${endedWhy(ended.reason)}.`);
    lines.push(`Raided but not pressed yet? You have ${waitInWords(ended.claimsOpenMs)} to press “I raided”; the results come in about ${waitInWords(ended.resultsInMs)}.`);
  } else {
    lines.push(`⏳ ${timeLeft(raid.endsAt, now)}. ${wording.call !== undefined ? esc(wording.call) : 'Engage on X, then press “I raided”.'}`);
  }
  return lines.join('\n');
}

/** Buttons that open X's intents for the post, and the claim button. */
export function cardKeyboard(raid: Pick<RaidRecord, 'id' | 'postId' | 'targets'>, open: boolean, wording: CardWording = {}): InlineKeyboardMarkup {
  const intents = [
    { text: '💬 Reply', url: `https://x.com/intent/post?in_reply_to=${raid.postId}` },
    { text: '🔁 Repost', url: `https://x.com/intent/retweet?tweet_id=${raid.postId}` },
    { text: '❤️ Like', url: `https://x.com/intent/like?tweet_id=${raid.postId}` },
  ];
  const rows: InlineKeyboardMarkup['inline_keyboard'] = [];
  if (open) rows.push(intents);
  // A button label is not HTML: the owner's words go as they are.
  rows.push([{ text: wording.claimButton ?? '✅ I raided', callback_data: claimButton.build({ raidId: raid.id }) }]);
  return { inline_keyboard: rows };
}

const COUNTED: Record<keyof RaidProgress, string> = { replies: 'replies', reposts: 'reposts', likes: 'likes', quotes: 'quotes', bookmarks: 'bookmarks' };

export function endedText(s: EndSummary): string {
  const counts = (Object.keys(COUNTED) as Array<keyof RaidProgress>)
    .filter((k) => s.targets[k] > 0)
    .map((k) => `${s.progress[k]}/${s.targets[k]} ${COUNTED[k]}`)
    .join(', ');
  return `🏁 <b>Raid over</b>: ${endedWhy(s.reason)}\n${counts}.\nYou can still press “I raided” on the card for ${waitInWords(s.claimsOpenMs)}; I check X then and post the results in about ${waitInWords(s.resultsInMs)}.${s.chatReopens ? '\n🔓 The chat is open again.' : ''}`;
}

export function cancelledText(s: CancelSummary): string {
  const pool = s.returned ? `\n💰 The ${esc(formatAmount(s.returned.amount, s.returned.token))} pool is back in the group's balance.` : '';
  return `🛑 <b>Raid cancelled</b> by an admin. Nothing is validated and claims are closed.${pool}${s.chatReopens ? '\n🔓 The chat is open again.' : ''}`;
}

/** The texts the raids service sends, in a bot's card wording (its branding). */
export const raidMessagesIn = (wording: CardWording): RaidMessages => ({
  card(raid: CardRaid, progress: RaidProgress, now: Date, state: CardState): MessageContent {
    const ended = state.phase === 'ended' ? state : state.phase === 'cancelled' ? 'cancelled' : undefined;
    // A cancelled raid takes no claims: its card keeps no buttons.
    const reply_markup = ended === 'cancelled' ? { inline_keyboard: [] } : cardKeyboard(raid, !ended, wording);
    const content: MessageContent = { text: renderCard(raid, progress, now, ended, wording), parse_mode: 'HTML', reply_markup };
    // The first post shows the X post's preview large; edits keep whatever preview the message has.
    return state.phase === 'posted' ? { ...content, link_preview_options: { url: raid.postUrl, prefer_large_media: true } } : content;
  },
  ended: (s) => ({ text: endedText(s), parse_mode: 'HTML' }),
  cancelled: (s) => ({ text: cancelledText(s), parse_mode: 'HTML' }),
  unlockFailed: (reason) => ({
    text: `⚠️ I could not give the chat its permissions back (Telegram: ${esc(reason)}). An admin needs to restore them in the group settings.`,
    parse_mode: 'HTML',
  }),
});

/** Warhorn's own wording (the main bot, and every bot that did not word its cards). */
export const raidMessages: RaidMessages = raidMessagesIn({});

/** A bot's card wording from its branding texts. */
export const cardWordingOf = (texts: { raidTitle?: string; raidCall?: string; claimButton?: string } | undefined): CardWording => ({
  ...(texts?.raidTitle !== undefined ? { title: texts.raidTitle } : {}),
  ...(texts?.raidCall !== undefined ? { call: texts.raidCall } : {}),
  ...(texts?.claimButton !== undefined ? { claimButton: texts.claimButton } : {}),
});

export const NO_RAID_RUNNING = 'No raid is running here.';
export const CANCEL_USAGE = 'Usage: /raid cancel [raid id]: cancels the running raid (this group\'s, or the one with that id). Its pool goes back to the group\'s balance.';

/** Why /raid cancel did nothing. */
export function cancelRefused(reason: 'not_running' | 'unknown', raidId: string): string {
  return reason === 'unknown' ? `There is no raid ${raidId} in this group.` : `Raid ${raidId} is not running any more, so it cannot be cancelled (only a running raid can).`;
}
export const RAIDS_IN_GROUPS = 'Raids are launched inside a group, by its admins.';
export const LINK_X_TO_CLAIM = 'To claim raids, link your X account first: send /linkx here.';

/** The answer on the "I raided" button, by what raids.claim said (all but not_linked, which opens the
 * private chat instead); `alert` for those the member must read. */
export const CLAIM_ANSWERS: Record<'wrong_chat' | 'not_member' | 'recorded' | 'already' | 'closed' | 'unknown', { text: string; alert?: true }> = {
  wrong_chat: { text: 'This button belongs to a raid in another chat. Claim from the card in that raid’s group.', alert: true },
  not_member: { text: 'Only members of this group can claim its raids. Join the group, then press again.', alert: true },
  recorded: { text: '✅ Claim recorded. I check X after the raid; /myraid in private tells you the verdict.' },
  already: { text: 'You already claimed this raid. One claim per raid is enough.' },
  closed: { text: 'This raid is closed: claims are no longer taken.', alert: true },
  unknown: { text: 'I do not know this raid any more.' },
};

/** Why a launch was refused, in the admin's words. */
export function launchRefusal(r: LaunchRefusal): string {
  switch (r.reason) {
    case 'x_not_configured':
      return 'X is not configured on this deployment (X_BEARER_TOKEN), so I cannot follow posts.';
    case 'group_not_set_up':
      return 'This group is not set up yet: add me again, or try /settings first.';
    case 'already_running':
      return 'A raid is already running here. End it with /endraid before launching another.';
    case 'invalid_pool':
      return r.detail;
    case 'x_unavailable':
      return 'X is not answering right now; please try again in a minute.';
    case 'post_not_found':
      return `I cannot find post ${r.postId} on X. Check the link (is the post public and not deleted?).`;
    case 'insufficient_balance':
      return `The group's balance is ${formatAmount(r.balance, r.token)}, short of the ${formatAmount(r.wanted, r.token)} pool. Top it up with /deposit (admins), then launch again.`;
  }
}

export const launchRefused = (r: LaunchRefusal) => `⚠️ ${esc(launchRefusal(r))}`;

/** How /raid is written, shown with every refusal of its words. */
export const RAID_USAGE = [
  'Usage: /raid <post url> [replies=N] [reposts=N] [likes=N] [quotes=N] [bookmarks=N] [for=30m] [lock] [pool=AMOUNT TOKEN]',
  'Example: /raid https://x.com/warhorn/status/1850000000000000000 replies=20 likes=50 for=1h lock',
  `The url is a post on x.com or twitter.com; targets are whole numbers from 0 to ${MAX_TARGET}, at least one above 0;`,
  `for= is ${RAID_LENGTH_RANGE} (m, h or d).`,
].join('\n');

/** What is wrong with a /raid's words (or a wizard answer), as plain text; HTML escaping is the caller's. */
export function raidCommandRefusal(r: RaidCommandRefusal): string {
  switch (r.reason) {
    case 'no_link':
      return 'Give the link of the X post to raid.';
    case 'not_a_link':
      return `"${r.given}" is not a link to an X post`;
    case 'not_a_web_link':
      return `"${r.given}" is not a web link`;
    case 'not_x':
      return `"${r.host}" is not X: use a post link from x.com or twitter.com`;
    case 'not_a_plain_link':
      return `"${r.given}" is not a plain X post link`;
    case 'not_a_single_post':
      return `"${r.given}" is not a link to a single X post (expected …/<user>/status/<id>)`;
    case 'not_an_option':
      return `"${r.given}" is not an option: options look like replies=10, for=1h or lock`;
    case 'unknown_option':
      return `unknown option "${r.given}": use replies, reposts, likes, quotes, bookmarks, for, lock or pool`;
    case 'given_twice':
      return `${r.option} is given twice`;
    case 'bad_target':
      return `${r.option} must be a whole number from 0 to ${r.max} (got "${r.given}")`;
    case 'bad_duration':
      return `for= must be a duration from ${RAID_LENGTH_RANGE}, such as 30m, 2h or 1d (got "${r.given}")`;
    case 'bad_pool_amount':
      return `pool must be a positive amount such as pool=100 USDT (got "${r.given}")`;
    case 'bad_token':
      return `"${r.given}" is not a token symbol (pool=100 USDT)`;
    case 'no_target':
      return 'Set at least one target above 0, e.g. replies=10 likes=25.';
  }
}

/** A /raid whose words do not parse: what is wrong, then how it is written. */
export const raidCommandInvalid = (r: RaidCommandRefusal) => `⚠️ ${esc(raidCommandRefusal(r))}\n\n${esc(RAID_USAGE)}`;

/** The questions and answers of the /raid wizard (raids/wizard.ts). */
export const WIZARD = {
  askPost: '⚔️ New raid. Send the link of the X post (or “cancel”).',
  askPostAgain: 'Send a post link such as https://x.com/user/status/123 (or “cancel”).',
  askTargets: '🎯 Targets? For example: <code>replies=20 reposts=10 likes=30</code>',
  askDuration: (defaultMinutes: number) => `⏱ How long? For example 30m or 2h (send “default” for ${defaultMinutes} min).`,
  askLock: '🔒 Lock the chat while the raid runs? yes / no',
  cancelled: 'Raid cancelled.',
  /** The third wrong answer to one question. */
  gaveUp: (r: RaidCommandRefusal) => `Raid cancelled: ${esc(raidCommandRefusal(r))}`,
  retry: (r: RaidCommandRefusal) => `⚠️ ${esc(raidCommandRefusal(r))}`,
  invalid: (r: RaidCommandRefusal) => `⚠️ ${esc(raidCommandRefusal(r))}\n${esc(RAID_USAGE)}`,
  noLongerAdmin: '⛔ You are no longer an admin of this group, so I did not launch the raid.',
} as const;
