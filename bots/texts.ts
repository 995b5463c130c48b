// Words every feature may say, in Telegram HTML: the refusals of the shared filters and of commands that
// work in one kind of chat only. A feature's own words are in its texts.ts.

/** The one refusal of bots/filters/admins-only.ts, for commands (a reply) and buttons (an alert). */
export const ADMINS_ONLY = 'Sorry, only admins of this group can do that.';
export const GROUP_ONLY = 'That command works inside a group. Add me to your group, then use it there.';

/** The label of the bot's menu button, which opens the Mini App. */
export const MENU_BUTTON = 'Dashboard';
