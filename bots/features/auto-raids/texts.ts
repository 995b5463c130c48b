// Words of /autoraid, in Telegram HTML.
import { escapeHtml as esc } from '../../html.js';
import { durationValue } from '../../../services/groups/index.js';
import type { AutoRaidConfig, AutoRaidResult } from '../../../services/x-feeds/index.js';
import type { RaidTargets } from '../../../services/raids/index.js';
import { raidCommandRefusal } from '../raids/texts.js';
import type { RaidCommandRefusal } from '../../../services/raids/index.js';

export const AUTORAID_USAGE = [
  'Usage: <code>/autoraid @account replies=10 likes=20 [for=30m] [lock] [replies] [replace]</code>',
  'Each new post of the account (from now on) opens a raid with these targets, like /raid. One raid at a time:',
  'a newer post waits for the running raid to end, or with <code>replace</code> takes over from a running auto-raid.',
  'Add the bare word <code>replies</code> to raid the account’s replies too. <code>/autoraid off</code> stops it.',
].join('\n');
export const AUTORAID_OFF = 'Auto-raids are off now. Posts still waiting for their raid are dropped.';
export const AUTORAID_WAS_OFF = 'Auto-raids were not on in this group.';
export const AUTORAID_UNAVAILABLE = 'Auto-raids need X and raids on this deployment; the operator has not configured X.';
export const USE_IN_GROUP = 'Use /autoraid inside your group (admins).';

const targetsText = (t: RaidTargets) =>
  Object.entries(t).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');

export function autoRaidStatus(c: AutoRaidConfig | null): string {
  if (!c) return `Auto-raids are off in this group.\n\n${AUTORAID_USAGE}`;
  return [
    `🤖 <b>Auto-raids on</b> for <a href="https://x.com/${esc(c.username)}">@${esc(c.username)}</a>${c.replies ? ' (replies too)' : ''}`,
    `Targets: ${esc(targetsText(c.targets))}; ${durationValue(c.durationMinutes)}${c.lock ? ', chat locked' : ''}; a newer post ${c.onNewer === 'replace' ? 'replaces a running auto-raid' : 'waits its turn'}.`,
    'Switch off with <code>/autoraid off</code>.',
  ].join('\n');
}

export function autoRaidAnswer(r: AutoRaidResult, typed: string): string {
  if (r.ok) return `✅ ${autoRaidStatus(r.config)}\n\nPosts made before now never open a raid.`;
  switch (r.reason) {
    case 'bad_handle':
      return `⚠️ <code>${esc(typed.slice(0, 40))}</code> is not an X handle.\n\n${AUTORAID_USAGE}`;
    case 'not_found':
      return `⚠️ X has no account @${esc(typed.replace(/^@/, '').slice(0, 15))}.`;
    case 'raids_off':
      return AUTORAID_UNAVAILABLE;
  }
}

export const autoRaidInvalid = (r: RaidCommandRefusal) => `⚠️ ${esc(raidCommandRefusal(r))}\n\n${AUTORAID_USAGE}`;
