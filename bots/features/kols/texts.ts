// Words of /kols, in Telegram HTML. The ranking itself is the feed texts' (feedMessages.kolRanking), so /kols
// and the weekly digest read alike.
import { escapeHtml as esc } from '../../html.js';
import type { KolAddResult, KolRemoveResult, KolRow } from '../../../services/x-feeds/index.js';
import { utcDay } from '../feed-posts/format.js';
import { profileUrl } from '../feed-posts/post-html.js';

export const KOLS_USAGE = [
  '<code>/kols</code> ranks the influencers (KOLs) this group tracks by their posts about the project over the last 7 days.',
  'Admins: <code>/kols add @account</code>, <code>/kols remove @account</code>, <code>/kols list</code>.',
  'A post counts when it mentions the group’s terms (its cashtag, hashtag, account or keywords); a digest comes every Monday.',
].join('\n');
export const KOLS_OFF = 'KOL tracking is not set up on this deployment: the operator has not configured X.';
export const KOLS_IN_GROUP = 'Use /kols inside your group.';
export const X_UNAVAILABLE = 'X is not answering right now; please try again in a minute.';

export type KolsArgs = { kind: 'ranking' } | { kind: 'list' } | { kind: 'add' | 'remove'; handle: string };

/** `/kols`, `/kols list`, `/kols add @a`, `/kols remove @a`; anything else is null (the usage answers it). */
export function parseKolsArgs(match: string): KolsArgs | null {
  const words = match.trim().split(/\s+/).filter(Boolean);
  const [verb, handle, ...rest] = [words[0]?.toLowerCase(), words[1], ...words.slice(2)];
  if (verb === undefined) return { kind: 'ranking' };
  if (verb === 'list' && handle === undefined) return { kind: 'list' };
  if ((verb === 'add' || verb === 'remove') && handle !== undefined && rest.length === 0) return { kind: verb, handle };
  return null;
}

const link = (username: string) => `<a href="${esc(profileUrl(username))}">@${esc(username)}</a>`;
const typedHandle = (typed: string) => esc(typed.replace(/^@/, '').slice(0, 15));

const NO_TERMS =
  '⚠️ This group has no mention terms yet (its cashtag, hashtag, account or keywords), so no post can match until an admin sets them.';

export function addAnswer(r: KolAddResult, typed: string): string {
  if (r.ok) {
    const head = r.created
      ? `✅ Tracking ${link(r.kol.username)}. Its posts that mention the project count from now on; earlier ones do not.`
      : `${link(r.kol.username)} is already one of this group’s KOLs.`;
    return r.terms === 0 ? `${head}\n\n${NO_TERMS}` : head;
  }
  switch (r.reason) {
    case 'bad_handle':
      return `⚠️ <code>${esc(typed.slice(0, 40))}</code> is not an X handle (1–15 letters, digits or _).\n\n${KOLS_USAGE}`;
    case 'not_found':
      return `⚠️ X has no account @${typedHandle(typed)}.`;
    case 'limit':
      return `⚠️ This group already tracks ${r.limit} KOLs, the most it may. <code>/kols remove @account</code> one first.`;
  }
}

export function removeAnswer(r: KolRemoveResult, typed: string): string {
  if (r.ok) return `Stopped tracking @${esc(r.username)}. Its posts recorded so far leave the ranking.`;
  return r.reason === 'bad_handle'
    ? `⚠️ <code>${esc(typed.slice(0, 40))}</code> is not an X handle.\n\n${KOLS_USAGE}`
    : `@${typedHandle(typed)} is not one of this group’s KOLs. <code>/kols list</code> shows them.`;
}

export function kolsList(rows: readonly KolRow[]): string {
  if (!rows.length) return `This group tracks no KOL yet.\n\n${KOLS_USAGE}`;
  return [
    `<b>KOLs this group tracks</b> (${rows.length})`,
    ...rows.map((k) => `• ${link(k.username)}${k.name.trim() ? ` (${esc(k.name.slice(0, 32))})` : ''} — since ${utcDay(k.addedAt)} ${k.addedAt.getUTCFullYear()}`),
  ].join('\n');
}
