// The app's views as data, and the stack a launch opens on. Pure: the start-param mapping is unit-tested.
import { decodeStartParam } from '../../../shared/start-param';

export type Route =
  | { view: 'home' }
  | { view: 'group'; chatId: number }
  | { view: 'settings'; chatId: number }
  | { view: 'launch'; chatId: number }
  | { view: 'raid'; chatId: number; raidId: string }
  | { view: 'results'; chatId: number; raidId: string }
  | { view: 'leaderboards'; chatId: number }
  | { view: 'history'; chatId: number }
  | { view: 'money'; chatId: number }
  | { view: 'feeds'; chatId: number }
  | { view: 'kols'; chatId: number }
  | { view: 'auto-raid'; chatId: number }
  | { view: 'rewards' }
  | { view: 'verdicts' }
  | { view: 'link-x' }
  | { view: 'notifications' }
  | { view: 'bots' }
  | { view: 'new-bot' }
  | { view: 'bot'; botId: string };

/** The payload a launch carries: Telegram's tgWebAppStartParam (a t.me ?startapp= link), else the
 * `startapp` query the bots put on web_app URLs (bots/mini-app.ts). */
export function startParamOf(launchStartParam: string | undefined, search: string): string | null {
  return launchStartParam || new URLSearchParams(search).get('startapp');
}

/** The stack a payload opens: its view on top of the views that lead to it, so Back walks up to home
 * rather than closing the app. */
export function initialStack(payload: string | null): Route[] {
  const start = decodeStartParam(payload);
  const home: Route = { view: 'home' };
  switch (start.view) {
    case 'home':
      return [home];
    case 'group':
      return [home, { view: 'group', chatId: start.chatId }];
    case 'raid':
      return [home, { view: 'group', chatId: start.chatId }, { view: 'results', chatId: start.chatId, raidId: start.raidId }];
    case 'verdicts':
      return [home, { view: 'verdicts' }];
    case 'link-x':
      return [home, { view: 'link-x' }];
    // The owner's bots (views/bots): /mybots and the registration message open them.
    case 'bots':
      return [home, { view: 'bots' }];
    case 'bot':
      return [home, { view: 'bots' }, { view: 'bot', botId: start.botId }];
  }
}
