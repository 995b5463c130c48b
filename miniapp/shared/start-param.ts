// The `startapp` payload: which view a Mini App link opens. The bot writes it into t.me links and web_app
// URLs; the front end reads it back (Telegram hands it over as tgWebAppStartParam and in initData's
// start_param). One codec for both sides, with no DOM or Node dependencies. Telegram allows up to 512
// characters of A-Z, a-z, 0-9, _ and - (core.telegram.org/bots/webapps#direct-link-mini-apps); chat ids are
// negative for groups, so the '-' stays and '_' separates the parts (raid ids are the raids table's bigint ids,
// carried as decimal strings like every bigint the API returns).

export type StartRoute =
  | { view: 'home' }
  | { view: 'group'; chatId: number }
  | { view: 'raid'; chatId: number; raidId: string }
  | { view: 'verdicts' }
  | { view: 'link-x' }
  /** The owner's white-label bots, and the generator. */
  | { view: 'bots' }
  | { view: 'bot'; botId: string };

const CHAT_ID = /^-?\d{1,16}$/;
const RAID_ID = /^[1-9]\d{0,18}$/;

export function encodeStartParam(route: StartRoute): string {
  switch (route.view) {
    case 'home':
      return 'home';
    case 'group':
      return `g_${route.chatId}`;
    case 'raid':
      return `r_${route.chatId}_${route.raidId}`;
    case 'verdicts':
      return 'verdicts';
    case 'link-x':
      return 'link-x';
    case 'bots':
      return 'bots';
    case 'bot':
      return `b_${route.botId}`;
  }
}

/** The route a payload names; anything unknown or malformed opens the home view (a stale or hand-typed
 * link must still open the app). */
export function decodeStartParam(payload: string | null | undefined): StartRoute {
  if (payload === 'verdicts' || payload === 'link-x' || payload === 'bots') return { view: payload };
  const bot = /^b_([1-9]\d{0,19})$/.exec(payload ?? '');
  if (bot) return { view: 'bot', botId: bot[1]! };
  const parts = (payload ?? '').split('_');
  const chat = parts[1] !== undefined && CHAT_ID.test(parts[1]) ? Number(parts[1]) : null;
  if (chat !== null && Number.isSafeInteger(chat)) {
    if (parts[0] === 'g' && parts.length === 2) return { view: 'group', chatId: chat };
    if (parts[0] === 'r' && parts.length === 3 && RAID_ID.test(parts[2]!)) return { view: 'raid', chatId: chat, raidId: parts[2]! };
  }
  return { view: 'home' };
}
