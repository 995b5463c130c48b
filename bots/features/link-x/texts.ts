import { escapeHtml as esc } from '../../html.js';
import type { XAccount, XLinkResult } from '../../../services/users/index.js';

// Texts of /linkx, in Telegram HTML. Anything a person or X typed goes through esc().


export const LINK_WITH_X = 'Link with X';
export const CHECK = 'Check';
export const OPEN_PRIVATE_CHAT = 'Link my X account';

const currentLine = (current: XAccount | null) =>
  current ? [`Linked now: <b>@${esc(current.username)}</b>. Linking another account replaces it.`, ''] : [];

export function offerOAuth(current: XAccount | null): string {
  return [
    '🔗 <b>Link your X account</b>',
    '',
    ...currentLine(current),
    `Tap <b>${LINK_WITH_X}</b> below and approve on X. The button works for 10 minutes.`,
    '',
    'Rather not log in with X here? Send <code>/linkx @your_handle</code> and I will give you a code to put in your X bio instead.',
  ].join('\n');
}

export function offerBioCode(current: XAccount | null): string {
  return [
    '🔗 <b>Link your X account</b>',
    '',
    ...currentLine(current),
    'Send <code>/linkx @your_handle</code> (your X username).',
    `I will give you a one-time code to put in your X bio; then press <b>${CHECK}</b> and I look at your profile.`,
  ].join('\n');
}

export function bioCodeInstructions(code: string, handle: string): string {
  return [
    `Your code: <code>${esc(code)}</code>`,
    '',
    `1. On X, put this code anywhere in the bio of <b>@${esc(handle)}</b> and save.`,
    `2. Press <b>${CHECK}</b> below.`,
    '',
    'The code works once and expires in 30 minutes. You can take it out of your bio once you are linked.',
  ].join('\n');
}

export const LINKX_USAGE = [
  'That does not look like an X handle.',
  '',
  '<code>/linkx</code> — link your X account',
  '<code>/linkx @your_handle</code> — get a code to put in your X bio',
  '',
  'A handle is 1 to 15 letters, digits or _.',
].join('\n');

export function linkInPrivate(botUsername: string): string {
  return `🔒 Link your X account in a private chat with me: <a href="${deepLink(botUsername)}">open the chat</a> and press Start.`;
}

export const deepLink = (botUsername: string) => `https://t.me/${encodeURIComponent(botUsername)}?start=linkx`;

/** The full answer in the chat. */
export function linkResultText(result: XLinkResult): string {
  if (result.ok) {
    if (result.unchanged) return `✅ <b>@${esc(result.username)}</b> was already linked to your Telegram account.`;
    const replaced = result.replaced ? `\nIt replaces @${esc(result.replaced.username)}, which is no longer linked to you.` : '';
    return `✅ <b>@${esc(result.username)}</b> is now linked to your Telegram account.${replaced}`;
  }
  const who = result.username ? `@${esc(result.username)}` : 'That X account';
  switch (result.reason) {
    case 'taken':
      return `⛔ ${who} is already linked to another member. One X account belongs to one member; if it is yours, contact the group's admins.`;
    case 'code_not_found':
      return `🔍 The code is not in ${who}'s bio yet. Save your profile on X, then press <b>${CHECK}</b> again.`;
    case 'other_browser':
      return [
        '⚠️ Nothing was linked: your X link was finished in another browser than the one that opened it.',
        'If that was you (X may have opened its own app), send /linkx again and approve in the browser the button opens. If not, someone else tried to use your link.',
      ].join('\n');
    default:
      return `⚠️ ${esc(result.message)}`;
  }
}

/** The short toast on the button (Telegram shows at most 200 characters). */
export function linkResultToast(result: XLinkResult): string {
  if (result.ok) return `Linked @${result.username}`;
  if (result.reason === 'taken') return 'That X account belongs to another member.';
  if (result.reason === 'code_not_found') return 'The code is not in the bio yet.';
  return result.message.slice(0, 200);
}

/** Whether pressing Check again may help. */
export const worthCheckingAgain = (result: XLinkResult) => !result.ok && (result.reason === 'code_not_found' || result.reason === 'x_unavailable');
