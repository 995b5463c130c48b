// Words of /start and /help, in Telegram HTML.
import { escapeHtml as esc } from '../../html.js';

/** `welcome`: a white-label bot's own words (plain text) in place of Warhorn's. */
export function privateWelcome(botName: string, firstName: string, welcome?: string): string {
  const greeting = `👋 Hi ${esc(firstName)}, I'm <b>${esc(botName)}</b>.`;
  if (welcome !== undefined) return [greeting, '', esc(welcome), '', 'Type /help at any time.'].join('\n');
  return [
    greeting,
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

/** The button that opens the Mini App (a web_app button in private). */
export const OPEN_DASHBOARD = '📊 Open dashboard';

const GROUP_CORE = [
  '/settings — show this group’s settings (admins)',
  '/set &lt;key&gt; &lt;value&gt; — change a setting (admins); /set alone lists the keys',
];

const GROUP_RAIDS = [
  '/raid &lt;post link&gt; [replies=N] [reposts=N] [likes=N] [quotes=N] [bookmarks=N] [for=30m] [lock] [pool=100 USDT] — launch a raid (admins); /raid alone asks step by step',
  '/endraid — end the running raid (admins)',
  '/raid cancel [id] — cancel the running raid: no validation, its pool back to the group (admins)',
  '/leaderboard [week|all|messages] — the group’s leaderboard',
  '/export [week|all] — the leaderboard as CSV, sent to you in private (admins)',
  '/raidreport — the last raid’s verdicts as CSV, in private (admins)',
  '/blacklist add|remove @x_username or a Telegram id — keep someone out of raid rewards (admins)',
  '/deposit — the group’s deposit address and the chains and tokens it takes (admins)',
  '/balance — what the group holds per token, and what its raid pools hold (admins)',
  '/follow @account [replies] [reposts] — post the X account’s new posts here; /unfollow, /follows (admins)',
  '/mentions add $TOKEN|#tag|keyword — relay X posts that mention it; /mentions remove, /mentions (admins)',
  '/autoraid @account replies=10 likes=20 [for=30m] [lock] [replies] [replace] — each new post of the account opens a raid; /autoraid off (admins)',
  '/kols — the group’s influencers ranked by their posts about the project over the last 7 days; /kols add|remove @account, /kols list (admins)',
];

const GROUP_MODERATION = [
  '/warn, /mute [30m], /unmute, /ban — as a reply to the member’s message (admins)',
  '/moderation — anti-spam, link filter and join captcha for this group (admins)',
];

const GROUP_TASKS = ['/campaign — this group’s campaigns and airdrops (admins create them)'];

const PRIVATE_CORE = ['/start — what I do', '/help — this list'];

const PRIVATE_RAIDS = [
  '/linkx — link your X account with X’s own sign-in (needed to claim raids)',
  '/linkx @handle — link it with a code you put in your X bio instead',
  '/linkwallet 0xAddress — link a wallet by signing a message with it (rewards are withdrawn to it)',
  '/rewards — the token rewards you have earned',
  '/myraid — your verdict in the last raid you claimed',
  '/appeal &lt;why&gt; — ask the admins to look again at a rejected claim (once per raid)',
];

const PRIVATE_TASKS = ['/tasks — the campaigns of your groups and their tasks'];

const PRIVATE_MAIN = ['/newbot — run Warhorn under your own bot (white-label)', '/mybots — the bots you registered'];

/** /help: the commands of the bot's modules (a moderation-only bot lists no raid commands), after the
 * owner's own words when the bot is branded. `main`: the platform's own bot also registers bots. */
export function helpText(modules: readonly string[], intro?: string, main = false): string {
  const on = (m: string) => modules.includes(m);
  const group = [...GROUP_CORE, ...(on('raids') ? GROUP_RAIDS : []), ...(on('moderation') ? GROUP_MODERATION : []), ...(on('tasks') ? GROUP_TASKS : [])];
  const dm = [...PRIVATE_CORE, ...(on('raids') ? PRIVATE_RAIDS : []), ...(on('tasks') ? PRIVATE_TASKS : []), ...(main ? PRIVATE_MAIN : [])];
  return [...(intro !== undefined ? [esc(intro), ''] : []), '<b>In a group</b>', ...group, '', '<b>In private</b>', ...dm].join('\n');
}

/** Warhorn's own /help (the main bot, every module). */
export const HELP = helpText(['raids', 'moderation', 'tasks'], undefined, true);
