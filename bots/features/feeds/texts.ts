// Words of /follow, /unfollow and /follows, in Telegram HTML.
import { escapeHtml as esc } from '../../html.js';
import type { FollowResult, FollowView } from '../../../services/x-feeds/index.js';

export const FOLLOW_USAGE = [
  'Usage: <code>/follow @account [replies] [reposts]</code>',
  'New posts of the X account are posted here. Add <code>replies</code> or <code>reposts</code> to get those too.',
  'Stop with <code>/unfollow @account</code>; <code>/follows</code> lists what this group follows.',
].join('\n');
export const UNFOLLOW_USAGE = 'Usage: <code>/unfollow @account</code> (see <code>/follows</code>).';
export const X_UNAVAILABLE = 'X is not answering right now; please try again in a minute.';
export const FEEDS_OFF = 'X feeds are not set up on this deployment: the operator has not configured X.';
export const USE_IN_GROUP = 'Use /follow, /unfollow and /follows inside your group (admins).';

const extras = (r: { replies: boolean; reposts: boolean }) =>
  r.replies && r.reposts ? ', replies and reposts included' : r.replies ? ', replies included' : r.reposts ? ', reposts included' : '';

export function followAnswer(r: FollowResult, typed: string): string {
  if (r.ok) {
    const who = `<a href="https://x.com/${esc(r.account.username)}">@${esc(r.account.username)}</a>`;
    return r.created
      ? `✅ Following ${who}${extras(r)}. Its new posts will appear here; nothing older than now is posted.`
      : `✅ Still following ${who}, now${extras(r) || ' without replies or reposts'}.`;
  }
  switch (r.reason) {
    case 'bad_handle':
      return `⚠️ <code>${esc(typed.slice(0, 40))}</code> is not an X handle (1–15 letters, digits or _).\n\n${FOLLOW_USAGE}`;
    case 'not_found':
      return `⚠️ X has no account @${esc(typed.replace(/^@/, '').slice(0, 15))}.`;
    case 'limit':
      return `⚠️ This group already follows ${r.limit} accounts, the most it may. /unfollow one first.`;
  }
}

export function unfollowAnswer(r: { ok: true; username: string } | { ok: false; reason: 'bad_handle' | 'not_following' }, typed: string): string {
  if (r.ok) return `Stopped following @${esc(r.username)}. Posts already queued may still arrive.`;
  return r.reason === 'bad_handle' ? UNFOLLOW_USAGE : `This group does not follow @${esc(typed.replace(/^@/, '').slice(0, 15))}. /follows lists what it does.`;
}

const every = (ms: number) => (ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

export function followsList(rows: readonly FollowView[]): string {
  if (rows.length === 0) return `This group follows no X account yet.\n\n${FOLLOW_USAGE}`;
  return [
    `<b>X accounts this group follows</b> (${rows.length})`,
    ...rows.map((f) => {
      const state = f.unavailable ? ' — ⚠️ X refuses this account (protected or suspended)' : ` — read every ${every(f.intervalMs)}`;
      return `• <a href="https://x.com/${esc(f.username)}">@${esc(f.username)}</a>${extras(f)}${state}`;
    }),
    '',
    'Busy accounts are read more often, quiet ones less (the same read serves every group).',
  ].join('\n');
}
