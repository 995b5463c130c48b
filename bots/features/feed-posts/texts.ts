// Words of X feeds: forwarded posts, mention relays and their summaries, the cap notice and the KOL
// ranking (the FeedMessages port of services/x-feeds/messages.ts). Telegram HTML: everything X, an admin
// or a member wrote (names, usernames, texts, terms) is escaped.
import { escapeHtml as esc } from '../../html.js';
import { postUrl, type XPost } from '../../../services/x/index.js';
import type { CapPaused, FeedMessages, ForwardedPost, MentionRelay, MentionSummary, MessageContent, PostKind } from '../../../services/x-feeds/messages.js';
import { plural, shortCount, usd, utcDay, utcTime, utcWindow } from './format.js';
import { kolRankingText } from './kol-ranking.js';
import { clip } from './limits.js';
import { profileUrl } from './post-html.js';
import { postMessage } from './post-message.js';

/** The group setting that holds its daily X spending cap, as /settings names it. One place to rename. */
export const FEEDS_CAP_SETTING = 'feeds.daily_cap_cents';

/** X allows 50 characters in a display name; more means bad data, and a header must leave room for the post. */
const NAME_MAX = 64;
const TERM_MAX = 40;
/** Terms a header lists before "+N more": a group may follow many, a header is one line. */
const TERMS_SHOWN = 10;

const KINDS: Record<PostKind, string> = { post: '📝 {who} posted', reply: '💬 {who} replied', repost: '🔁 {who} reposted', quote: '🗨 {who} quoted' };

/** The account as a link to its X profile, the name in bold. The @username sits inside the link: written
 * alone, Telegram would link it to the Telegram account of that name, someone else. */
export function accountLink(username: string, name: string): string {
  const shown = name.trim() ? `<b>${esc(clip(name, NAME_MAX))}</b> @${esc(clip(username, NAME_MAX))}` : `<b>@${esc(clip(username, NAME_MAX))}</b>`;
  return `<a href="${esc(profileUrl(username))}">${shown}</a>`;
}

export function forwardText(p: ForwardedPost): MessageContent {
  return postMessage(KINDS[p.kind].replace('{who}', accountLink(p.account.username, p.account.name)), p.post);
}

/** "$WAR · #warhorn", escaped, the list bounded. */
export function termsList(terms: string[], separator: string): string {
  const shown = terms.slice(0, TERMS_SHOWN).map((t) => esc(clip(t, TERM_MAX)));
  const more = terms.length - shown.length;
  return `${shown.join(separator)}${more > 0 ? ` +${more} more` : ''}`;
}

function authorLine(post: XPost): string {
  const a = post.author;
  if (!a) return `<a href="${esc(postUrl(post.id))}">A post on X</a>`;
  return `${accountLink(a.username, a.name)} · ${shortCount(a.followers)} followers`;
}

export function mentionText(m: MentionRelay): MessageContent {
  return postMessage(`🔎 ${termsList(m.terms, ' · ')}\n${authorLine(m.post)}`, m.post);
}

/** Likes, reposts, replies, quotes: what the summary and the ranking call engagement. */
export const engagement = (post: XPost): string =>
  `${shortCount(post.metrics.likes)} likes · ${shortCount(post.metrics.reposts)} reposts · ${shortCount(post.metrics.replies)} replies · ${shortCount(post.metrics.quotes)} quotes`;

export function mentionSummaryText(s: MentionSummary): MessageContent {
  const terms = s.terms.length ? termsList(s.terms, ', ') : "the group's terms";
  const lines = [`📨 ${plural(s.count, 'more post')} mentioned ${terms} ${utcWindow(s.windowStart, s.windowEnd)} (held back by the group's rate cap).`];
  const top = s.top.slice(0, 3);
  if (top.length) lines.push('', top.length === 1 ? 'The most engaged:' : `The ${top.length} most engaged:`);
  for (const post of top) {
    const who = post.author ? `@${esc(clip(post.author.username, NAME_MAX))}` : 'A post';
    lines.push(`• <a href="${esc(postUrl(post.id))}">${who}</a>: ${engagement(post)}`);
  }
  return { text: lines.join('\n'), parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
}

export function capPausedText(c: CapPaused): MessageContent {
  const resumes = `X feeds resume at ${utcTime(c.resumesAt)} UTC on ${utcDay(c.resumesAt)}, when the daily cap starts again.`;
  const lines = ['⏸ <b>X feeds paused for today</b>'];
  if (c.scope === 'group') {
    lines.push(`This group reached its daily X spending cap of ${usd(c.capMicros)} (${usd(c.spentMicros)} spent today), so I stopped reading X for its feeds.`);
    lines.push(resumes);
    lines.push(`To raise the cap, an admin sends <code>/set ${FEEDS_CAP_SETTING} 500</code> (cents a day: 500 is $5.00).`);
  } else {
    lines.push(`This bot reached the daily X spending cap its operator set for all groups, ${usd(c.capMicros)} (${usd(c.spentMicros)} spent today), so I stopped reading X for every group's feeds.`);
    lines.push(resumes);
    lines.push("This cap is not in the group's settings: only the bot's operator can raise it.");
  }
  return { text: lines.join('\n'), parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
}

export const feedMessages: FeedMessages = {
  forward: forwardText,
  mention: mentionText,
  mentionSummary: mentionSummaryText,
  capPaused: capPausedText,
  kolRanking: kolRankingText,
};
