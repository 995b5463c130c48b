import type { FastifyReply } from 'fastify';
import type { UserProfile, XLinkResult } from '../../services/users/index.js';

// The pages a member's browser lands on during an X link. Plain text through esc(): X usernames and
// Telegram names are someone else's input.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function page(reply: FastifyReply, status: number, title: string, ...paragraphs: string[]) {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><h1>${esc(title)}</h1>${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</body></html>`;
  return (
    noStore(reply)
      .code(status)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .type('text/html; charset=utf-8')
      .send(html)
  );
}

/** The URLs carry a state or a one-time code: nothing may cache these answers or pass the URL on as a referrer. */
export const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

/** "Ana (@ana)": the Telegram account the link goes to, named so that someone finishing another member's
 * link sees it is not theirs. */
export const telegramName = (p: UserProfile | undefined) => (p ? (p.username ? `${p.firstName} (@${p.username})` : p.firstName) : 'the member who started it');

export function resultPage(reply: FastifyReply, result: XLinkResult, account: UserProfile | undefined) {
  if (result.ok) {
    const who = `the Telegram account ${telegramName(account)}`;
    const done = result.unchanged ? `✅ @${result.username} was already linked to ${who}.` : `✅ Linked @${result.username} to ${who}.`;
    return page(reply, 200, 'X account linked', `${done} You can close this page.`, "If that is not your Telegram account, someone sent you their link: tell the group's admins.");
  }
  switch (result.reason) {
    case 'taken':
      return page(reply, 409, 'Not linked', `⛔ @${result.username ?? 'that account'} is already linked to another member. One X account belongs to one member.`);
    case 'expired':
      return page(reply, 410, 'Link expired', `⌛ ${result.message}`);
    case 'other_browser':
      return page(reply, 403, 'Not linked', `⛔ ${result.message}`);
    case 'x_unavailable':
      return page(reply, 503, 'X is not answering', result.message);
    default:
      return page(reply, 400, 'Not linked', result.message);
  }
}
