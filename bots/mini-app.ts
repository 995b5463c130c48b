// Ways into the Mini App from a chat. Telegram allows web_app buttons only in private chats; in a group the
// button is a t.me link with a `startapp` payload, which opens the bot's Main Mini App (set once in
// BotFather, see the README) on the view the payload names.
import { InlineKeyboard } from 'grammy';
import { encodeStartParam, type StartRoute } from '../miniapp/shared/start-param.js';

/** Where the Mini App is served (`<PUBLIC_URL>/app/`); absent when the platform has no public URL. */
export interface MiniAppEntry {
  url: string;
}

/** The app's URL for one bot: the front end names that bot to the API, which checks initData against its
 * token (a white-label bot opens the same app). */
export function miniAppUrl(entry: MiniAppEntry, botId: number, route?: StartRoute): string {
  const url = new URL(entry.url);
  url.searchParams.set('bot', String(botId));
  if (route && route.view !== 'home') url.searchParams.set('startapp', encodeStartParam(route));
  return url.toString();
}

/** A private chat's button: opens the app in place. */
export function privateDashboardButton(entry: MiniAppEntry, botId: number, label: string): InlineKeyboard {
  return new InlineKeyboard().webApp(label, miniAppUrl(entry, botId));
}

/** A group's button: a t.me link that opens the bot's Main Mini App on this group's view. */
export function groupDashboardButton(botUsername: string, route: StartRoute, label: string): InlineKeyboard {
  return new InlineKeyboard().url(label, `https://t.me/${botUsername}?startapp=${encodeStartParam(route)}`);
}
