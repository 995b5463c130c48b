import { createInterface } from 'node:readline';
import type { Config } from './services/platform/config.js';
import type { Logger } from './services/platform/logger.js';
import { startPlatform } from './composition.js';
import { startTelegramEmulator, type BotMessageEvent } from './testkit/telegram/index.js';

const PEOPLE = [
  { key: 'alice', firstName: 'Alice', username: 'alice_owner' },
  { key: 'bob', firstName: 'Bob', username: 'bob_admin' },
  { key: 'carol', firstName: 'Carol', username: 'carol' },
  { key: 'dave', firstName: 'Dave', username: 'dave' },
] as const;

const plain = (html: string) =>
  html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The offline sandbox: a Telegram emulator with a demo group, and the whole platform against it. Uses its
 * own database (`<name>_sandbox`) and Redis prefix so it never touches a real deployment's data. */
export async function startSandbox(config: Config, log: Logger, options: { interactive: boolean }) {
  const emulator = await startTelegramEmulator({ port: config.SANDBOX_TELEGRAM_PORT, floodLimits: true });
  const bot = emulator.createBot({ username: 'warhorn_sandbox_bot', firstName: 'Warhorn Sandbox' });
  const people = Object.fromEntries(PEOPLE.map((p) => [p.key, emulator.createUser(p)])) as unknown as Record<(typeof PEOPLE)[number]['key'], { id: number }>;
  const group = emulator.createGroup({
    title: 'Warhorn Demo',
    type: 'supergroup',
    ownerId: people.alice.id,
    memberIds: [people.bob.id, people.carol.id, people.dave.id],
  });
  emulator.promote(group.id, people.bob.id, people.alice.id);

  const database = new URL(config.DATABASE_URL);
  database.pathname = `${database.pathname.replace(/_sandbox$/, '')}_sandbox`;
  const platform = await startPlatform(
    {
      ...config,
      BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      BOT_MODE: 'polling',
      DATABASE_URL: database.toString(),
      REDIS_PREFIX: '{warhorn-sandbox}',
    },
    ['bot', 'api', 'worker'],
    log,
  );

  const names = new Map<number, string>([[group.id, 'Warhorn Demo'], ...PEOPLE.map((p) => [people[p.key].id, `DM ${p.firstName}`] as [number, string])]);
  emulator.on('bot-message', ({ message }: BotMessageEvent) => {
    const where = names.get(message.chat.id) ?? String(message.chat.id);
    console.log(`\n[${where}] 🤖 ${plain(message.text ?? message.caption ?? '(no text)').replace(/\n/g, '\n    ')}\n`);
  });

  // The demo starts as a person would: Alice opens the bot, then adds it to her group as an admin.
  await emulator.startBot(people.alice.id, bot.id);
  emulator.addBotToGroup(group.id, bot.id, people.alice.id, { admin: true });

  console.log(
    [
      '',
      '════════ Warhorn sandbox (no BOT_TOKEN set) ════════',
      `A Telegram emulator runs at ${emulator.apiRoot} with bot @${bot.username},`,
      'a supergroup "Warhorn Demo" (owner Alice, admin Bob, members Carol and Dave) and the bot as its admin.',
      `The platform runs against it: HTTP ${platform.url} (/healthz, /readyz, /metrics).`,
      '',
      'Act as a member by typing here:  <person> <text>        e.g.  alice /settings',
      '                   in private:   <person> dm <text>     e.g.  carol dm /start',
      `People: ${PEOPLE.map((p) => p.key).join(', ')}. Or use the emulator's HTTP driver (testkit/telegram/README.md).`,
      'Set BOT_TOKEN (see .env.example) to run against real Telegram.',
      '════════════════════════════════════════════════════',
      '',
    ].join('\n'),
  );

  const input = options.interactive ? createInterface({ input: process.stdin }) : null;
  input?.on('line', (line) => {
    const m = /^\s*(\w+)\s+(dm\s+)?(.+)$/i.exec(line);
    const who = m ? people[m[1]!.toLowerCase() as keyof typeof people] : undefined;
    if (!m || !who) {
      console.log(`Type "<person> <text>" or "<person> dm <text>"; people: ${PEOPLE.map((p) => p.key).join(', ')}`);
      return;
    }
    try {
      const text = m[3]!;
      if (!m[2]) emulator.sendMessage(who.id, group.id, text);
      else if (/^\/start\b/.test(text)) void emulator.startBot(who.id, bot.id, text.split(/\s+/)[1]);
      else emulator.sendMessage(who.id, bot.id, text);
    } catch (error) {
      console.log(`Telegram refused: ${(error as Error).message}`);
    }
  });

  return {
    emulator,
    platform,
    async stop() {
      input?.close();
      await platform.stop();
      await emulator.close();
    },
  };
}
