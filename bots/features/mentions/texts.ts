// Words of /mentions, in Telegram HTML.
import { escapeHtml as esc } from '../../html.js';
import type { GroupSettings } from '../../../services/groups/index.js';
import type { MentionTerm, TermChange } from '../../../services/x-feeds/index.js';

export const MENTIONS_USAGE = [
  'Usage: <code>/mentions add $TOKEN</code> (or <code>#hashtag</code>, <code>@account</code>, <code>keyword</code>, <code>"a phrase"</code>), <code>/mentions remove $TOKEN</code>, <code>/mentions</code> to list.',
  'Posts on X that match are relayed here as they come. Filters: <code>/set mentions.min_followers 100</code>, <code>/set mentions.lang en</code>, <code>/set mentions.per_hour 10</code> (the rest of a flood is summarised).',
].join('\n');
export const MENTIONS_OFF = 'Live mentions are not set up on this deployment: the operator has not configured X.';
export const USE_IN_GROUP = 'Use /mentions inside your group (admins).';

export function termAnswer(r: TermChange, verb: 'add' | 'remove'): string {
  if (!r.ok) return `⚠️ ${esc(r.reason)}.\n\n${MENTIONS_USAGE}`;
  if (verb === 'add') return r.changed ? `✅ Relaying posts that mention <b>${esc(r.label)}</b> from now on.` : `This group already follows mentions of <b>${esc(r.label)}</b>.`;
  return r.changed ? `Stopped relaying mentions of <b>${esc(r.label)}</b>.` : `This group has no term <b>${esc(r.label)}</b>. /mentions lists them.`;
}

export function termsList(terms: readonly MentionTerm[], s: GroupSettings['mentions']): string {
  if (terms.length === 0) return `This group follows no mentions yet.\n\n${MENTIONS_USAGE}`;
  return [
    `<b>Mentions relayed here</b>: ${terms.map((t) => `<b>${esc(t.label)}</b>`).join(', ')}`,
    `Filters: authors with ${s.minFollowers}+ followers, ${s.lang === 'any' ? 'any language' : `language ${esc(s.lang)}`}, at most ${s.perHour} an hour (the rest summarised).`,
    'One shared search serves every group with the same terms.',
  ].join('\n');
}
