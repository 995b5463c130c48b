import https from 'node:https';
import Fastify, { type FastifyInstance } from 'fastify';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXFake, type XFake } from '../../testkit/x/index.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { freshRedis, type TestRedis } from '../support/redis.js';
import { silentLogger } from '../../services/platform/logger.js';
import { createMetrics } from '../../services/platform/metrics.js';
import { createHistory } from '../../services/history/index.js';
import { createNotifications } from '../../services/notifications/index.js';
import { createGroups } from '../../services/groups/index.js';
import { createUsers, type Users } from '../../services/users/index.js';
import { createX } from '../../services/x/index.js';
import { botInfoOf } from '../../bots/create-bot.js';
import type { BotDependencies, WarhornContext } from '../../bots/context.js';
import { attachContext } from '../../bots/middleware/context.js';
import { registerUsers } from '../../bots/middleware/users.js';
import { politeErrorHandler } from '../../bots/middleware/errors.js';
import { startFeature } from '../../bots/features/start.js';
import { CHECK_BIO_DATA, linkXFeature } from '../../bots/features/link-x.js';
import { registerXOAuthRoutes, X_OAUTH_CALLBACK_PATH } from '../../miniapp/api/x-oauth.js';

// A member links their X account: /linkx in private (OAuth button or bio code), the Check button, the page X
// sends them back to, and the confirmation the bot queues for them. The bot runs the real middleware and
// features on real Postgres/Redis and the X fake; what it sends is read from the outbox, and Telegram's
// immediate answers (answerCallbackQuery) are recorded by an API transformer.
// TODO(wiring): once composition.ts wires linking, run this through startTestPlatform and the emulator.

const BOT = { id: 7000000042, username: 'warhorn_link_bot', firstName: 'Warhorn', token: '7000000042:test-token-not-used-xxxxxxxxxxxx', apiRoot: 'http://127.0.0.1:9' };
const CALLBACK = `https://warhorn.example${X_OAUTH_CALLBACK_PATH}`;

let fake: XFake;
let db: TestDatabase;
let r: TestRedis;
let agent: https.Agent;
let users: Users;
let bot: Bot<WarhornContext>;
let http: FastifyInstance;
const answers: Array<{ text?: string }> = [];

beforeAll(async () => {
  [fake, db, r] = await Promise.all([startXFake(), freshDatabase('e2e_link_x'), freshRedis()]);
  agent = new https.Agent({ ca: fake.ca });
  const log = silentLogger();
  const metrics = createMetrics({ defaults: false });
  const history = createHistory({ db: db.dataSource, log, metrics });
  const notifications = createNotifications({ db: db.dataSource, redis: r.redis, prefix: r.prefix, log, metrics, resolveBot: async () => BOT });
  const groups = createGroups({ db: db.dataSource, history, notifications, log, telegram: { getChatAdministrators: async () => [] } });
  const x = createX({
    db: db.dataSource, redis: r.redis, prefix: r.prefix, log, metrics, clock: fake.clock, httpsAgent: agent,
    config: { apiRoot: fake.apiRoot, bearerToken: fake.bearerToken, clientId: fake.clientId, clientSecret: fake.clientSecret, callbackUrl: CALLBACK },
  });
  users = createUsers({ db: db.dataSource, history, clock: fake.clock, x, redis: r.redis, prefix: r.prefix, log });

  bot = new Bot<WarhornContext>(BOT.token, { botInfo: botInfoOf(BOT) });
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== 'answerCallbackQuery') return prev(method, payload, signal);
    answers.push(payload as { text?: string });
    return { ok: true, result: true } as never;
  });
  // Only what linking touches: the other services in BotDependencies (raids...) are not on this path.
  const deps: Pick<BotDependencies, 'db' | 'redis' | 'prefix' | 'log' | 'metrics' | 'users' | 'groups' | 'notifications'> = {
    db: db.dataSource, redis: r.redis, prefix: r.prefix, log, metrics, users, groups, notifications,
  };
  bot.use(attachContext(deps as BotDependencies));
  const guarded = bot.errorBoundary(politeErrorHandler);
  guarded.use(registerUsers(), linkXFeature({ users }), startFeature());

  http = Fastify();
  registerXOAuthRoutes(http, { users, notifications, db: db.dataSource, log });
});
afterAll(async () => {
  await http?.close();
  agent?.destroy();
  await fake?.close();
  await r?.cleanup();
  await db?.drop();
});

let updateId = 0;
let userSeq = 0;
const person = (name: string) => ({ id: 100_000_000 + ++userSeq, is_bot: false as const, first_name: name });
type Person = ReturnType<typeof person>;

async function say(from: Person, text: string, chat: { id: number; type: 'private' | 'supergroup'; title?: string } = { id: from.id, type: 'private' }) {
  const command = /^\/\S+/.exec(text)?.[0];
  await bot.handleUpdate({
    update_id: ++updateId,
    message: {
      message_id: updateId, date: Math.floor(Date.now() / 1000), text, from,
      chat: chat.type === 'private' ? { id: from.id, type: 'private', first_name: from.first_name } : { id: chat.id, type: 'supergroup', title: chat.title ?? 'Group' },
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    },
  } as Update);
}

async function pressCheck(from: Person) {
  await bot.handleUpdate({
    update_id: ++updateId,
    callback_query: { id: `cq${updateId}`, from, chat_instance: '1', data: CHECK_BIO_DATA, message: { message_id: 1, date: 0, chat: { id: from.id, type: 'private', first_name: from.first_name } } },
  } as Update);
  return answers.at(-1)?.text;
}

interface Sent { text: string; reply_markup?: { inline_keyboard: Array<Array<{ text: string; url?: string; callback_data?: string }>> } }
/** The last message queued for this chat. */
async function lastSent(chatId: number): Promise<Sent> {
  const rows: Array<{ payload: Sent }> = await db.dataSource.query(`SELECT payload FROM notifications.outbox WHERE chat_id = $1 ORDER BY id DESC LIMIT 1`, [chatId]);
  return rows[0]!.payload;
}
const buttons = (m: Sent) => m.reply_markup?.inline_keyboard.flat() ?? [];

/** The member's browser on X's authorize page: where X sends them back. */
function authorize(url: string): Promise<URL> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca: fake.ca }, (res) => {
      res.resume();
      if (res.statusCode !== 302 || !res.headers.location) reject(new Error(`authorize answered ${res.statusCode}`));
      else resolve(new URL(res.headers.location));
    }).on('error', reject);
  });
}
const callback = (back: URL) => http.inject({ method: 'GET', url: `${X_OAUTH_CALLBACK_PATH}${back.search}` });

describe('linking an X account with OAuth', () => {
  it('/linkx offers a "Link with X" button; approving on X links the account, says so on the page and in private', async () => {
    const ana = person('Ana');
    const x = fake.createUser({ username: 'ana_on_x' });
    await say(ana, '/linkx');
    const offer = await lastSent(ana.id);
    expect(offer.text).toMatch(/Link your X account/);
    expect(offer.text).toMatch(/\/linkx @your_handle/); // the bio-code alternative is explained
    const link = buttons(offer).find((b) => b.text === 'Link with X');
    expect(link?.url).toMatch(/\/i\/oauth2\/authorize\?/);

    fake.approveNextAuthorization(x.id);
    const page = await callback(await authorize(link!.url!));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('@ana_on_x is now linked to your Telegram account. You can close this page.');
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await lastSent(ana.id)).text).toMatch(/<b>@ana_on_x<\/b> is now linked/);
    expect(await users.xAccountOf(ana.id)).toMatchObject({ username: 'ana_on_x', method: 'oauth' });
  });

  it('the page refuses an account another member holds, a replayed link, a cancel and a broken address', async () => {
    const ben = person('Ben');
    await say(ben, '/start linkx'); // the deep link from a group lands on the same offer
    const url = new URL(buttons(await lastSent(ben.id)).find((b) => b.url)!.url!);
    url.searchParams.set('approve_as', 'ana_on_x');
    const back = await authorize(url.toString());
    const refused = await callback(back);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/already linked to another member/);
    expect((await lastSent(ben.id)).text).toMatch(/already linked to another member/);
    expect(await users.xAccountOf(ben.id)).toBeNull();

    expect((await callback(back)).statusCode).toBe(410); // the same link a second time
    const denied = await http.inject({ method: 'GET', url: `${X_OAUTH_CALLBACK_PATH}?error=access_denied&state=abc` });
    expect(denied.body).toMatch(/You cancelled on X/);
    const missing = await http.inject({ method: 'GET', url: `${X_OAUTH_CALLBACK_PATH}?state=abc` });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toMatch(/missing its &quot;code&quot; parameter/);
  });
});

describe('linking an X account with a code in the bio', () => {
  it('gives a code with a Check button and links once the code is in the bio', async () => {
    const cy = person('Cy');
    const x = fake.createUser({ username: 'cy_on_x', bio: 'just vibes' });
    await say(cy, '/linkx @cy_on_x');
    const instructions = await lastSent(cy.id);
    const code = /<code>(warhorn-[a-z0-9]+)<\/code>/.exec(instructions.text)?.[1];
    expect(code).toBeDefined();
    expect(instructions.text).toMatch(/bio of <b>@cy_on_x<\/b>/);
    expect(buttons(instructions)).toEqual([expect.objectContaining({ text: 'Check', callback_data: CHECK_BIO_DATA })]);

    expect(await pressCheck(cy)).toMatch(/not in the bio yet/);
    expect((await lastSent(cy.id)).text).toMatch(/not in @cy_on_x's bio yet/);
    expect(await users.xAccountOf(cy.id)).toBeNull();

    fake.setBio(x.id, `just vibes ${code}`);
    expect(await pressCheck(cy)).toBe('Linked @cy_on_x');
    expect((await lastSent(cy.id)).text).toMatch(/<b>@cy_on_x<\/b> is now linked/);
    expect(await users.xAccountOf(cy.id)).toMatchObject({ username: 'cy_on_x', method: 'bio' });
    expect(await pressCheck(cy)).toMatch(/no linking code waiting/); // the code worked once
  });

  it('tells a second member that the X account belongs to someone else', async () => {
    const dee = person('Dee');
    await say(dee, '/linkx cy_on_x');
    const code = /<code>(warhorn-[a-z0-9]+)<\/code>/.exec((await lastSent(dee.id)).text)![1]!;
    fake.setBio('cy_on_x', code);
    expect(await pressCheck(dee)).toBe('That X account belongs to another member.');
    expect((await lastSent(dee.id)).text).toMatch(/@cy_on_x is already linked to another member/);
  });

  it('answers bad input with the usage, and a group with a link to the private chat', async () => {
    const eve = person('Eve');
    await say(eve, '/linkx not a handle!');
    expect((await lastSent(eve.id)).text).toMatch(/does not look like an X handle[\s\S]*\/linkx @your_handle/);

    const group = { id: -1001000000777, type: 'supergroup' as const, title: 'Moon <Club>' };
    await say(eve, '/linkx', group);
    const pointer = await lastSent(group.id);
    expect(pointer.text).toContain(`https://t.me/${BOT.username}?start=linkx`);
    expect(buttons(pointer)[0]?.url).toBe(`https://t.me/${BOT.username}?start=linkx`);

    await say(eve, '/start'); // a plain /start still gets the welcome
    expect((await lastSent(eve.id)).text).toMatch(/Hi Eve/);
  });
});
