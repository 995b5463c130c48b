// The sandbox's console: what a person types to act as a demo member, and how the bot's messages are shown.
import { encodeStartParam } from './miniapp/shared/start-param.js';
import type { Platform } from './composition.js';
import type { BotMessageEvent, TelegramEmulator } from './testkit/telegram/index.js';
import type { XFake } from './testkit/x/index.js';

export const PEOPLE = [
  { key: 'alice', firstName: 'Alice', username: 'alice_owner' },
  { key: 'bob', firstName: 'Bob', username: 'bob_admin' },
  { key: 'carol', firstName: 'Carol', username: 'carol' },
  { key: 'dave', firstName: 'Dave', username: 'dave' },
] as const;

export type PersonKey = (typeof PEOPLE)[number]['key'];

export interface SandboxWorld {
  emulator: TelegramEmulator;
  x: XFake;
  bot: { id: number; username: string };
  people: Record<PersonKey, { id: number }>;
  group: { id: number };
  xAccounts: Record<PersonKey, { id: string; username: string }>;
  demoPost: { id: string; url: string };
  platform: Platform;
  /** The local chain this run's money is on (sandbox-chain.ts), and the addresses on it worth knowing. */
  money: { chainName: string; chainId: number; rpcUrl: string; depositAddress: string; hotWalletAddress: string; usdtAddress: string } | null;
}

interface Button {
  chatId: number;
  messageId: number;
  label: string;
  data?: string;
  url?: string;
}

type InlineKeyboard = Array<Array<{ text: string; callback_data?: string; url?: string }>>;

const USAGE = (people: string) =>
  [
    'Type "<person> <text>" to write in the group, "<person> dm <text>" to write to the bot in private,',
    '"<person> x reply <text> | x repost | x like | x quote <text>" to act on the demo post on X,',
    '"<person> press" for "I raided" on the latest raid card, or "<person> press <n>" for button [n].',
    `People: ${people}.`,
  ].join('\n');

export function createSandboxConsole(world: SandboxWorld, print: (line: string) => void) {
  const { emulator, x, people, group, xAccounts, demoPost } = world;
  const names = new Map<number, string>([[group.id, 'Warhorn Demo'], ...PEOPLE.map((p) => [people[p.key].id, `DM ${p.firstName}`] as [number, string])]);
  const where = (chatId: number) => names.get(chatId) ?? String(chatId);
  const buttons = new Map<number, Button>();
  let lastButton = 0;

  /** Numbers a message's buttons so `press <n>` can press any of them. */
  function listButtons(chatId: number, messageId: number, keyboard: InlineKeyboard | undefined): string {
    if (!keyboard?.length) return '';
    const shown = keyboard.flat().map((b) => {
      const n = ++lastButton;
      buttons.set(n, { chatId, messageId, label: b.text, ...(b.callback_data ? { data: b.callback_data } : {}), ...(b.url ? { url: b.url } : {}) });
      return `[${n}] ${b.text}${b.url ? ' ↗' : ''}`;
    });
    return `\n    buttons: ${shown.join('   ')}`;
  }

  // The emulator hands messages over as Telegram shows them: the text is already plain (formatting is in
  // the entities), so it is printed as it is; a usage line's <placeholders> stay.
  const onMessage = ({ message }: BotMessageEvent) => {
    const chat = where(message.chat.id);
    if (message.pinned_message) return print(`[${chat}] 📌 the bot pinned a message`);
    const keyboard = (message.reply_markup as { inline_keyboard?: InlineKeyboard } | undefined)?.inline_keyboard;
    const more = listButtons(message.chat.id, message.message_id, keyboard);
    if (message.document) return print(`[${chat}] 🤖 sent a file: ${message.document.file_name ?? 'document'}${message.caption ? ` (${message.caption})` : ''}${more}`);
    print(`\n[${chat}] 🤖 ${(message.text ?? message.caption ?? '(no text)').replace(/\n/g, '\n    ')}${more}\n`);
  };
  const onEdit = ({ message }: BotMessageEvent) => {
    if (/RAID (LIVE|ENDED|CANCELLED)/.test(message.text ?? '')) {
      print(`[${where(message.chat.id)}] ✏️ raid card now: ${(message.text ?? '').split('\n').filter((l) => /[▓░]|Raid over/.test(l)).join(' · ')}`);
    }
  };
  emulator.on('bot-message', onMessage);
  emulator.on('bot-edit', onEdit);

  // Whatever the emulator refuses (a member who may not write, a blocked bot) is said, not fatal.
  const refused = (error: unknown) => print(`Telegram refused: ${(error as Error).message}`);

  async function press(key: PersonKey, n: number | undefined): Promise<void> {
    const who = people[key];
    if (n === undefined) {
      // The newest raid card's "I raided", as the group shows it (the platform learns the card's message id
      // only at its first refresh, and a quick member need not wait for that).
      const claim = [...buttons.values()].reverse().find((b) => b.chatId === group.id && b.data?.startsWith('raid:claim:'));
      if (!claim) return print('No raid card yet: launch a raid first.');
      const pressed = await emulator.pressButton(who.id, group.id, claim.messageId, claim.data!);
      return print(`(${key} pressed "I raided": ${pressed.answer?.text ?? pressed.answer?.url ?? 'no answer'})`);
    }
    const button = buttons.get(n);
    if (!button) return print(`There is no button [${n}] yet.`);
    if (!button.data) return print(`(button [${n}] "${button.label}" opens ${button.url})`);
    // A private chat's buttons are pressed in that chat, which belongs to one person.
    const chat = button.chatId > 0 ? { userId: button.chatId, botId: world.bot.id } : button.chatId;
    const pressed = await emulator.pressButton(who.id, chat, button.messageId, button.data);
    print(`(${key} pressed "${button.label}": ${pressed.answer?.text ?? pressed.answer?.url ?? 'done'})`);
  }

  function onX(key: PersonKey, action: string, words: string): void {
    const account = xAccounts[key];
    if (action === 'reply') x.reply(account, demoPost.id, words || 'Great update!');
    else if (action === 'quote') x.quote(account, demoPost.id, words || 'Worth a read');
    else if (action === 'repost') x.repost(account, demoPost.id);
    else x.like(account, demoPost.id);
    const did = action === 'like' ? 'liked' : action === 'reply' ? 'replied to' : action === 'quote' ? 'quoted' : 'reposted';
    print(`(on X: @${account.username} ${did} the demo post)`);
  }

  async function run(line: string): Promise<void> {
    const m = /^\s*(\w+)\s+(dm\s+)?(.+)$/i.exec(line);
    const key = m?.[1]!.toLowerCase() as PersonKey | undefined;
    if (!m || !key || !(key in people)) {
      if (line.trim()) print(USAGE(PEOPLE.map((p) => p.key).join(', ')));
      return;
    }
    const who = people[key];
    const text = m[3]!.trim();
    try {
      if (!m[2]) {
        const onXAction = /^x\s+(reply|repost|like|quote)\s*(.*)$/i.exec(text);
        if (onXAction) return onX(key, onXAction[1]!.toLowerCase(), onXAction[2]!);
        const pressing = /^press(?:\s+(\d+))?$/i.exec(text);
        if (pressing) return await press(key, pressing[1] ? Number(pressing[1]) : undefined);
        emulator.sendMessage(who.id, group.id, text);
        return;
      }
      if (/^\/start\b/.test(text)) await emulator.startBot(who.id, world.bot.id, text.split(/\s+/)[1]);
      else emulator.sendMessage(who.id, world.bot.id, text);
    } catch (error) {
      refused(error);
    }
  }

  /** Per person, the emulator's Telegram Web page that opens the Mini App as them (initData signed for
   * them with the sandbox bot's token). Alice owns the demo group, so hers opens its dashboard. */
  function miniAppLinks(url: string): string[] {
    const app = new URL(`app/?bot=${world.bot.id}`, url.endsWith('/') ? url : `${url}/`).toString();
    return PEOPLE.map((p) => {
      const opens = p.key === 'alice' ? { startParam: encodeStartParam({ view: 'group', chatId: group.id }) } : {};
      return `  ${p.key.padEnd(6)} ${emulator.webAppUrl(world.bot.id, people[p.key].id, app, opens)}`;
    });
  }

  /** The local chain and what to try with money; nothing where the sandbox has no chain. */
  function moneyLines(): string[] {
    const m = world.money;
    if (!m) return [];
    return [
      `A local chain "${m.chainName}" (id ${m.chainId}) runs at ${m.rpcUrl}, a block every 2 s,`,
      `with a test USDT (6 decimals, worthless) at ${m.usdtAddress}.`,
      `The demo group's deposit address ${m.depositAddress} was sent 1000 USDT and 1 ETH: credited after 2 confirmations.`,
      `The hot wallet that pays withdrawals is ${m.hotWalletAddress} (funded with USDT and ETH).`,
      'Money to try:  alice /balance            (the group balance, admins)     alice /deposit (the address again)',
      `               alice /raid ${demoPost.url} likes=1 for=5m pool=100 USDT     alice /raid cancel (its pool back)`,
      '               carol dm /rewards          (her share after validation)     carol dm /withdraw (to a linked wallet)',
      '',
    ];
  }

  function banner(url: string): string {
    return [
      '',
      '════════ Warhorn sandbox (no BOT_TOKEN set) ════════',
      `A Telegram emulator runs at ${emulator.apiRoot} with bot @${world.bot.username},`,
      'a supergroup "Warhorn Demo" (owner Alice, admin Bob, members Carol and Dave) and the bot as its admin.',
      `The platform runs against it: HTTP ${url} (/healthz, /readyz, /metrics).`,
      '',
      `An X API fake runs at ${x.apiRoot} with @warhorn_demo's post ${demoPost.url}`,
      'and an X account for each person (alice_on_x, bob_on_x, ...), already linked.',
      '',
      'Open the Mini App in a browser as a person (add &theme=dark for the dark theme):',
      ...miniAppLinks(url),
      '',
      ...moneyLines(),
      'Act as a member by typing here:  <person> <text>           e.g.  alice /settings',
      `                   launch a raid:  alice /raid ${demoPost.url} replies=2 reposts=1 for=10m lock`,
      '                   in private:   <person> dm <text>        e.g.  carol dm /myraid',
      '                   on X:         <person> x reply <text> | x repost | x like | x quote <text>   (on the demo post)',
      '                   claim:        <person> press            (presses "I raided" on the latest raid card)',
      '                   any button:   <person> press <n>        (the bot\'s buttons are shown as [n] label)',
      `People: ${PEOPLE.map((p) => p.key).join(', ')}. Or use the emulator's HTTP driver (testkit/telegram/README.md).`,
      'Stop with Ctrl-C and start again at will; `warhorn sandbox --reset` starts from nothing.',
      'Set BOT_TOKEN (see .env.example) to run against real Telegram.',
      '════════════════════════════════════════════════════',
      '',
    ].join('\n');
  }

  return {
    run,
    banner,
    close() {
      emulator.off('bot-message', onMessage);
      emulator.off('bot-edit', onEdit);
    },
  };
}
