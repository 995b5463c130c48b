// Words of the group-membership feature: the greeting a group gets when the bot is added (the GroupMessages
// port of services/groups/messages.ts). Telegram HTML: the group's title is escaped.
import { escapeHtml as esc } from '../../html.js';
import type { GroupMessages } from '../../../services/groups/index.js';

export function groupWelcome(title: string, botIsAdmin: boolean, rejoined: boolean): string {
  const lines = [
    rejoined ? `👋 I'm back in <b>${esc(title)}</b>, with your settings as you left them.` : `👋 Hello <b>${esc(title)}</b>! I'm your raid and rewards bot.`,
    'Admins can launch raids on X posts, reward members and see everything with /settings.',
  ];
  if (!botIsAdmin) {
    lines.push('', 'ℹ️ Make me an admin (pin messages, restrict members) so I can pin raid cards, lock the chat during raids and keep the admin list current.');
  }
  return lines.join('\n');
}

/** The texts the groups service sends, for every bot today (the port takes a bot id for branding later). */
export const groupMessages: GroupMessages = {
  welcome: ({ title, botIsAdmin, rejoined }) => ({ text: groupWelcome(title, botIsAdmin, rejoined), parse_mode: 'HTML' }),
};
