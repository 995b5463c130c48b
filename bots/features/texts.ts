import { escapeHtml as esc } from '../../services/platform/html.js';

export function privateWelcome(botName: string, firstName: string): string {
  return [
    `👋 Hi ${esc(firstName)}, I'm <b>${esc(botName)}</b>.`,
    '',
    'I help crypto communities on Telegram grow on X:',
    '• admins launch <b>raids</b> on X posts and I keep a live card with targets and progress;',
    '• members engage and press “I raided”; I check what X lets me see and say honestly what I could not;',
    '• verified work earns <b>points</b>, leaderboard places and token <b>rewards</b>.',
    '',
    'To start, add me to your group and make me an admin. Then use /settings in the group.',
    'Type /help at any time.',
  ].join('\n');
}

export const HELP = [
  '<b>In a group</b>',
  '/settings — show this group’s settings (admins)',
  '/set &lt;key&gt; &lt;value&gt; — change a setting (admins)',
  '/raid &lt;post link&gt; [replies=N] [reposts=N] [likes=N] [quotes=N] [for=30m] [lock] — launch a raid (admins); /raid alone asks step by step',
  '/endraid — end the running raid (admins)',
  '/leaderboard [week|all|messages] — the group’s leaderboard',
  '/export [week|all] — the leaderboard as CSV, sent to you in private (admins)',
  '/raidreport — the last raid’s verdicts as CSV, in private (admins)',
  '',
  '<b>In private</b>',
  '/start — what I do',
  '/help — this list',
  '/linkx — link your X account (needed to claim raids)',
  '/myraid — your verdict in the last raid you claimed',
].join('\n');

export const ADMINS_ONLY = 'Sorry, only admins of this group can see and change its settings.';
export const GROUP_ONLY = 'That command works inside a group. Add me to your group, then use it there.';
export const NOT_REGISTERED = 'I am setting this group up now; please try again in a moment.';
