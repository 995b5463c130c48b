import { createInterface } from 'node:readline';
import type { Config } from './services/platform/config.js';
import type { Logger } from './services/platform/logger.js';
import { startPlatform } from './composition.js';
import { Agent } from 'node:https';
import { startTelegramEmulator, type BotMessageEvent } from './testkit/telegram/index.js';
import { startXFake } from './testkit/x/index.js';

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

  // An X API fake with an account for each person and a project post to raid.
  const x = await startXFake({ port: config.SANDBOX_X_PORT, rateLimits: false });
  const xAccounts = Object.fromEntries(
    PEOPLE.map((p) => [p.key, x.createUser({ username: `${p.key}_on_x`, name: p.firstName, createdAt: new Date('2021-06-01'), followers: 250 })]),
  ) as Record<(typeof PEOPLE)[number]['key'], { id: string; username: string }>;
  const project = x.createUser({ username: 'warhorn_demo', name: 'Warhorn Demo Project', createdAt: new Date('2020-01-01'), followers: 12_000 });
  const demoPost = x.post(project, 'Warhorn v1 is live: raids, honest validation, exact rewards. What should we build next?');

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
      X_API_ROOT: x.apiRoot,
      X_BEARER_TOKEN: x.bearerToken,
      X_CLIENT_ID: x.clientId,
      X_CLIENT_SECRET: x.clientSecret,
      // A quicker rhythm than production so a person sees a raid through in a few minutes.
      RAID_TICK_INTERVAL_MS: 5000,
      RAID_VALIDATION_GRACE_MS: 30_000,
    },
    ['bot', 'api', 'worker'],
    log,
    { xHttpsAgent: new Agent({ ca: x.ca, keepAlive: true }) },
  );
  // The demo members have linked their X accounts already, so they can claim raids at once.
  for (const p of PEOPLE) {
    await platform.users.touch({ id: people[p.key].id, first_name: p.firstName, username: p.username }, bot.id);
    await platform.users.linkXAccount(people[p.key].id, xAccounts[p.key], 'oauth');
  }

  const names = new Map<number, string>([[group.id, 'Warhorn Demo'], ...PEOPLE.map((p) => [people[p.key].id, `DM ${p.firstName}`] as [number, string])]);
  emulator.on('bot-message', ({ message }: BotMessageEvent) => {
    const where = names.get(message.chat.id) ?? String(message.chat.id);
    if (message.pinned_message) return console.log(`[${where}] 📌 the bot pinned a message`);
    if (message.document) return console.log(`[${where}] 🤖 sent a file: ${message.document.file_name ?? 'document'}${message.caption ? ` (${plain(message.caption)})` : ''}`);
    console.log(`\n[${where}] 🤖 ${plain(message.text ?? message.caption ?? '(no text)').replace(/\n/g, '\n    ')}\n`);
  });

  emulator.on('bot-edit', ({ message }: BotMessageEvent) => {
    if (/RAID (LIVE|ENDED)/.test(message.text ?? '')) console.log(`[${names.get(message.chat.id) ?? message.chat.id}] ✏️ raid card now: ${plain(message.text ?? '').split('\n').filter((l) => /[▓░]|Raid over/.test(l)).join(' · ')}`);
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
      `An X API fake runs at ${x.apiRoot} with @warhorn_demo's post ${demoPost.url}`,
      'and an X account for each person (alice_on_x, bob_on_x, ...), already linked.',
      '',
      'Act as a member by typing here:  <person> <text>           e.g.  alice /settings',
      `                   launch a raid:  alice /raid ${demoPost.url} replies=2 reposts=1 for=10m lock`,
      '                   in private:   <person> dm <text>        e.g.  carol dm /myraid',
      '                   on X:         <person> x reply <text> | x repost | x like | x quote <text>   (on the demo post)',
      '                   claim:        <person> press            (presses "I raided" on the latest raid card)',
      `People: ${PEOPLE.map((p) => p.key).join(', ')}. Or use the emulator's HTTP driver (testkit/telegram/README.md).`,
      'Set BOT_TOKEN (see .env.example) to run against real Telegram.',
      '════════════════════════════════════════════════════',
      '',
    ].join('\n'),
  );

  // Whatever the emulator refuses (a member who may not write, a blocked bot) is said, not fatal.
  const refused = (error: unknown) => console.log(`Telegram refused: ${(error as Error).message}`);
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
      const key = m[1]!.toLowerCase() as keyof typeof xAccounts;
      const onX = /^x\s+(reply|repost|like|quote)\s*(.*)$/i.exec(text);
      if (!m[2] && onX) {
        const [, action, words] = onX;
        if (action === 'reply') x.reply(xAccounts[key], demoPost.id, words || 'Great update!');
        else if (action === 'quote') x.quote(xAccounts[key], demoPost.id, words || 'Worth a read');
        else if (action === 'repost') x.repost(xAccounts[key], demoPost.id);
        else x.like(xAccounts[key], demoPost.id);
        console.log(`(on X: @${xAccounts[key].username} ${action === 'like' ? 'liked' : `${action === 'reply' ? 'replied to' : action === 'quote' ? 'quoted' : 'reposted'}`} the demo post)`);
        return;
      }
      if (!m[2] && /^press$/i.test(text)) {
        platform.raids
          .latest(group.id)
          .then(async (raid) => {
            if (!raid?.cardMessageId) return console.log('No raid card yet: launch a raid first.');
            const pressed = await emulator.pressButton(who.id, group.id, raid.cardMessageId, `raid:claim:${raid.id}`);
            console.log(`(${m[1]} pressed "I raided": ${pressed.answer?.text ?? pressed.answer?.url ?? 'no answer'})`);
          })
          .catch(refused);
        return;
      }
      if (!m[2]) emulator.sendMessage(who.id, group.id, text);
      else if (/^\/start\b/.test(text)) emulator.startBot(who.id, bot.id, text.split(/\s+/)[1]).catch(refused);
      else emulator.sendMessage(who.id, bot.id, text);
    } catch (error) {
      refused(error);
    }
  });

  return {
    emulator,
    platform,
    async stop() {
      input?.close();
      await platform.stop();
      await x.close();
      await emulator.close();
    },
  };
}
