// The KOL ranking (/kols and the weekly digest): influencers best first, as many rows as one message holds.
// A ranking of 100 would pass Telegram's 4096 units and its 100 kept entities, so rows are added while
// both have room for them and for the closing "and N more".
import { escapeHtml as esc } from '../../html.js';
import type { KolRanking, KolStanding, MessageContent } from '../../../services/x-feeds/messages.js';
import { plural, shortCount, utcPeriod } from './format.js';
import { ENTITIES_MAX, TEXT_MAX, clip, entityCount, visibleLength } from './limits.js';
import { httpUrl, profileUrl } from './post-html.js';

const MEDALS = ['🥇', '🥈', '🥉'];
const NAME_MAX = 32;

const rank = (i: number) => MEDALS[i] ?? `${i + 1}.`;

export function kolRow(k: KolStanding, i: number): string {
  const name = k.name.trim() ? ` (${esc(clip(k.name, NAME_MAX))})` : '';
  const counts = [
    plural(k.mentions, 'mention'),
    `${shortCount(k.likes)} likes`,
    `${shortCount(k.reposts)} reposts`,
    `${shortCount(k.replies)} replies`,
    `${shortCount(k.quotes)} quotes`,
    ...(k.impressions === null ? [] : [`${shortCount(k.impressions)} impressions`]),
  ];
  const best = httpUrl(k.bestPostUrl) ? ` · <a href="${esc(k.bestPostUrl!)}">best post</a>` : '';
  return `${rank(i)} <a href="${esc(profileUrl(k.username))}">@${esc(clip(k.username, NAME_MAX))}</a>${name}: ${counts.join(' · ')}${best}`;
}

const TITLES: Record<KolRanking['kind'], string> = { weekly: '🏆 <b>Top KOLs this week</b>', now: '📣 <b>KOL mentions</b>' };

const EMPTY: Record<KolRanking['kind'], string> = {
  weekly: 'No influencer posted about the project this week. Posts that mention the group’s terms are counted as they come in; the next digest ranks them.',
  now: 'No influencer has posted about the project in this period yet. Posts that mention the group’s terms are counted as they come in: ask again later.',
};

/** Best first by score; a stable sort, so the service's order of equal scores stands. */
const ranked = (rows: KolStanding[]) => [...rows].sort((a, b) => b.score - a.score);

export function kolRankingText(r: KolRanking): MessageContent {
  const head = `${TITLES[r.kind]}\n${utcPeriod(r.since, r.until)}\n`;
  const rows = ranked(r.rows);
  const content = (text: string): MessageContent => ({ text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  if (!rows.length) return content(`${head}\n${EMPTY[r.kind]}`);
  const lines: string[] = [];
  let units = visibleLength(head);
  let entities = entityCount(head);
  for (const [i, k] of rows.entries()) {
    const line = `\n${kolRow(k, i)}`;
    const left = rows.length - i - 1;
    // Room for this row and, if rows remain after it, for the line that counts them.
    const tail = left > 0 ? visibleLength(`\n…and ${left} more`) : 0;
    if (units + visibleLength(line) + tail > TEXT_MAX || entities + entityCount(line) > ENTITIES_MAX) {
      lines.push(`\n…and ${rows.length - i} more`);
      break;
    }
    lines.push(line);
    units += visibleLength(line);
    entities += entityCount(line);
  }
  return content(head + lines.join(''));
}
