// The raid card as the group will see it, in plain lines: the same content, order and rules as the bot's
// card (bots/features/raids/texts.ts renderCard), without its HTML. Pure, so it is unit-tested.
import { RAID_ACTIONS, type RaidCounts } from '../../api/types';
import type { Format } from '../../format';
import type { Texts } from '../../texts/en';

export interface CardDraft {
  authorUsername: string | null;
  targets: RaidCounts;
  durationMinutes: number;
  lock: boolean;
  pool: { amount: string; token: string } | null;
}

const BAR_WIDTH = 10;

/** The bot's progress bar; a draft has no progress yet, so every bar starts empty. */
export function progressBar(done: number, target: number): string {
  const filled = target <= 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.floor((done / target) * BAR_WIDTH));
  return '▓'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

/** The author's handle from a post link (x.com or twitter.com), as the card names it. */
export function authorOf(postUrl: string): string | null {
  const m = /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/([A-Za-z0-9_]{1,15})\/status\/\d+/.exec(postUrl.trim());
  return m?.[1] ?? null;
}

/** How a raid is named in lists: its post's author ("@warhorn"), else the link without its scheme. */
export function postLabel(postUrl: string): string {
  const author = authorOf(postUrl);
  return author ? `@${author}` : postUrl.replace(/^https?:\/\/(www\.)?/, '');
}

export function cardPreviewLines(draft: CardDraft, texts: Texts, format: Format): string[] {
  const c = texts.card;
  const lines = [c.live(draft.authorUsername ? `@${draft.authorUsername}` : c.thisPost), ''];
  for (const action of RAID_ACTIONS) {
    const target = draft.targets[action];
    if (target <= 0) continue;
    lines.push(`${texts.actionIcons[action]} ${texts.actions[action]} ${progressBar(0, target)} 0/${format.number(target)}`);
  }
  if (draft.targets.bookmarks > 0) lines.push(c.bookmarksNote);
  lines.push('');
  if (draft.pool) lines.push(c.pool(`${draft.pool.amount} ${draft.pool.token}`));
  if (draft.lock) lines.push(c.locked);
  lines.push(c.timeLeft(format.minutes(draft.durationMinutes)));
  return lines;
}
