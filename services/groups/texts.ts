import { escapeHtml as esc } from '../platform/html.js';

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
