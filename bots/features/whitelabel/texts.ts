// Words of /newbot and /mybots (the main bot), and what owners are told about their bots, in Telegram HTML.
import type { BotProfile } from '../../../services/bot-registry/index.js';
import type { WhitelabelMessages } from '../../../services/whitelabel/index.js';
import { escapeHtml as esc } from '../../html.js';
import { brandName } from '../../branding.js';

export const NEWBOT_ASK = [
  '🤖 <b>Your own bot, run by Warhorn</b>',
  '',
  '1. In @BotFather send /newbot and choose a name and a username.',
  '2. Paste the token BotFather gives you here (it looks like <code>123456789:AAE…</code>).',
  '',
  'I delete your message with the token as soon as I have read it, and keep the token encrypted.',
].join('\n');

export const NEWBOT_ONLY_PRIVATE = 'Send /newbot to me in private: a bot token must never be posted in a group.';
export const TOKEN_IN_GROUP = '⚠️ That looked like a bot token: I deleted it. Never post a token in a group; revoke it in @BotFather (/revoke) to be safe.';

export function registered(bot: BotProfile): string {
  return [
    `✅ <b>@${esc(bot.me.username)}</b> is live.`,
    '',
    `• Send it /start: https://t.me/${esc(bot.me.username)}`,
    '• Add it to your group and make it an admin.',
    '• Brand it (name, logo, colours, texts) and choose its modules in the dashboard.',
  ].join('\n');
}

export const refusedToken = (message: string) => `❌ I could not register that bot: ${esc(message)}.`;

export const NO_BOTS = 'You have no bots yet. Send /newbot to run Warhorn under your own bot.';

export function botList(bots: readonly BotProfile[]): string {
  const lines = bots.map((b) => {
    const status = b.status === 'active' ? '🟢' : '🔴 disabled';
    return `${status} <b>${esc(brandName(b))}</b> @${esc(b.me.username)} — ${esc(b.modules.join(', '))}${b.status !== 'active' && b.statusReason ? `\n   ${esc(b.statusReason)}` : ''}`;
  });
  return ['<b>Your bots</b>', ...lines, '', 'Change them in the dashboard; /newbot adds another.'].join('\n');
}

export const MANAGE_BOTS = '🛠 Manage my bots';

export const whitelabelMessages: WhitelabelMessages = {
  revoked: (bot) => ({
    text: [
      `🔴 <b>@${esc(bot.me.username)}</b> is off: Telegram no longer accepts its token (it was revoked in @BotFather).`,
      '',
      'Its groups, settings and history are kept. To bring it back, get the new token from @BotFather (/mybots → API Token) and paste it here.',
    ].join('\n'),
    parse_mode: 'HTML',
  }),
};
