import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInitData } from '../../testkit/telegram/index.js';
import { loggerOptions } from '../../services/platform/logger.js';
import { dropDatabase } from '../../services/platform/database.js';
import { API_PREFIX } from '../../miniapp/api/v1/index.js';
import { runCli } from '../../cli.js';
import { TEST_REDIS_URL } from '../support/redis.js';
import { freePort } from '../support/tcp-proxy.js';
import { clearPrefix, eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { addClientBot, servedBy } from '../support/whitelabel.js';

// Every line the platform logs during this file, at debug level: the token check reads them all.
const logLines: string[] = [];
const logger = () => pino(loggerOptions({ level: 'debug' }), { write: (line: string) => void logLines.push(line) });
// Every token this file hands the platform, and every text that left it (URLs, API bodies, errors, metrics).
const tokens = new Set<string>();
const seen: string[] = [];
const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('white-label bots: a client runs Warhorn under their own bot', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ logger: logger() });
    tokens.add(t.bot.token);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const api = (botId: number, token: string, userId: number, method: string, path: string, body?: unknown) =>
    fetch(`${t.platform.url}${API_PREFIX}${path}`, {
      method,
      headers: {
        authorization: `tma ${signInitData(token, { user: { id: userId, first_name: 'Someone' } })}`,
        'x-warhorn-bot': String(botId),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }).then(async (res) => {
      const text = await res.text();
      seen.push(text);
      return { status: res.status, body: text ? JSON.parse(text) : null };
    });

  it('registers through the main bot, deletes the token message, and the new bot answers in its own branding without a restart', async () => {
    const olga = t.emulator.createUser({ firstName: 'Olga', username: 'olga' });
    const dm = { userId: olga.id, botId: t.bot.id };
    await t.emulator.startBot(olga.id, t.bot.id);
    t.emulator.sendMessage(olga.id, t.bot.id, '/newbot');
    await t.emulator.waitForMessage(dm, (m) => /Paste the token BotFather gives you/.test(m.text ?? ''), 15_000);

    const acme = t.emulator.createBot({ username: 'acme_raiders_bot', firstName: 'Acme' });
    tokens.add(acme.token);
    const pasted = t.emulator.sendMessage(olga.id, t.bot.id, `here it is: ${acme.token}`);
    await t.emulator.waitForMessage(dm, (m) => /@acme_raiders_bot<\/b> is live|@acme_raiders_bot is live/.test(m.text ?? ''), 15_000);
    expect(t.emulator.messages(dm).map((m) => m.message_id)).not.toContain(pasted.message_id);
    await servedBy(t, acme.id);
    expect(String(t.emulator.webhookInfo(acme.id).url)).not.toContain(acme.token);
    seen.push(String(t.emulator.webhookInfo(acme.id).url));

    // The same token again is refused: one bot, one registration.
    t.emulator.sendMessage(olga.id, t.bot.id, acme.token);
    await t.emulator.waitForMessage(dm, (m) => /already registered/.test(m.text ?? ''), 15_000);

    // The owner brands it in the Mini App (opened from the main bot).
    const branded = await api(t.bot.id, t.bot.token, olga.id, 'PUT', `/me/bots/${acme.id}/branding`, {
      displayName: 'Acme Army',
      colors: { accent: '#ff5500', accentText: '#ffffff' },
      texts: { welcome: 'Welcome to the Acme army, soldier!', raidTitle: 'ACME STRIKE', claimButton: '⚔️ I struck' },
    });
    expect(branded.status).toBe(200);

    const ann = t.emulator.createUser({ firstName: 'Ann' });
    await t.emulator.startBot(ann.id, acme.id);
    const welcome = await t.emulator.waitForMessage({ userId: ann.id, botId: acme.id }, (m) => m.from?.id === acme.id, 15_000);
    expect(welcome.text).toMatch(/Welcome to the Acme army, soldier!/);

    // Its Mini App, opened from the client's bot, is the client's: initData checked with the client's token.
    const mine = await api(acme.id, acme.token, ann.id, 'GET', '/bot');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ username: 'acme_raiders_bot', name: 'Acme Army', colors: { accent: '#ff5500' }, main: false });
    // initData signed with the main bot's token does not open the client's app.
    const forged = await api(acme.id, t.bot.token, ann.id, 'GET', '/bot');
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toContain(acme.token);

    // In a group it runs raids in the client's words.
    const groupId = t.emulator.createGroup({ title: 'Acme HQ', type: 'supergroup', ownerId: olga.id, memberIds: [ann.id] }).id;
    t.emulator.addBotToGroup(groupId, acme.id, olga.id, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId as never))?.active, 'the group to register');
    const project = t.x.createUser({ username: 'acmeproject', createdAt: new Date('2019-05-01'), followers: 9_000 });
    const post = t.x.post(project, 'Acme v2 is out');
    t.emulator.sendMessage(olga.id, groupId, `/raid ${post.url} replies=3 for=30m`);
    const card = await t.emulator.waitForMessage(groupId, (m) => m.from?.id === acme.id && /ACME STRIKE/.test(m.text ?? ''), 20_000);
    expect(JSON.stringify(card.reply_markup)).toContain('⚔️ I struck');
    expect(card.text).not.toMatch(/RAID LIVE/);
  });

  it('deletes a bot token posted in a group and warns the group', async () => {
    const ivan = t.emulator.createUser({ firstName: 'Ivan' });
    const groupId = t.emulator.createGroup({ title: 'Leaky', type: 'supergroup', ownerId: ivan.id }).id;
    t.emulator.addBotToGroup(groupId, t.bot.id, ivan.id, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId as never))?.active, 'the group to register');
    const leaked = t.emulator.createBot({ username: 'leaky_bot' });
    tokens.add(leaked.token);
    const posted = t.emulator.sendMessage(ivan.id, groupId, `my bot ${leaked.token}`);
    await t.emulator.waitForMessage(groupId, (m) => /looked like a bot token: I deleted it/.test(m.text ?? ''), 15_000);
    expect(t.emulator.messages(groupId).map((m) => m.message_id)).not.toContain(posted.message_id);
  });

  it('refuses in the Mini App a token Telegram does not know, naming the field, and never echoes it', async () => {
    const pia = t.emulator.createUser({ firstName: 'Pia' });
    const fake = `${7_999_999_999}:${'A'.repeat(35)}`;
    tokens.add(fake);
    const refused = await api(t.bot.id, t.bot.token, pia.id, 'POST', '/me/bots', { token: fake, modules: ['raids'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: expect.objectContaining({ field: 'body.token', code: 'not_a_bot_token' }) });
  });

  it('shows the owner their bots in /mybots', async () => {
    const kim = t.emulator.createUser({ firstName: 'Kim' });
    const client = await addClientBot(t, { ownerId: kim.id, branding: { displayName: 'Kim’s Bot' } });
    tokens.add(client.token);
    await t.emulator.startBot(kim.id, t.bot.id);
    t.emulator.sendMessage(kim.id, t.bot.id, '/mybots');
    await t.emulator.waitForMessage({ userId: kim.id, botId: t.bot.id }, (m) => /Kim’s Bot/.test(m.text ?? '') && m.text!.includes(`@${client.username}`), 15_000);
  });

  it('disables a bot whose token was revoked in BotFather, tells its owner, and takes it back with the new token', async () => {
    const vera = t.emulator.createUser({ firstName: 'Vera' });
    // She talks to the main bot (it registered her bot), so it may write to her.
    await t.emulator.startBot(vera.id, t.bot.id);
    const client = await addClientBot(t, { ownerId: vera.id, modules: ['raids'], branding: { texts: { raidTitle: 'VERA RAID' } } });
    tokens.add(client.token);
    const groupId = t.emulator.createGroup({ title: 'Vera HQ', type: 'supergroup', ownerId: vera.id }).id;
    t.emulator.addBotToGroup(groupId, client.id, vera.id, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId as never))?.active, 'the group to register');
    const project = t.x.createUser({ username: 'veraproject', createdAt: new Date('2019-05-01'), followers: 1_000 });
    const fan = t.x.createUser({ username: 'verafan', createdAt: new Date('2019-05-01'), followers: 100 });
    const post = t.x.post(project, 'Vera goes live');
    t.emulator.sendMessage(vera.id, groupId, `/raid ${post.url} replies=5 for=30m`);
    await t.emulator.waitForMessage(groupId, (m) => m.from?.id === client.id && /VERA RAID/.test(m.text ?? ''), 20_000);

    // The owner revokes the token in BotFather; the next card update is answered 401.
    t.emulator.revokeToken(client.id);
    t.x.reply(fan, post.id, 'gm vera');
    const notice = await t.emulator.waitForMessage({ userId: vera.id, botId: t.bot.id }, (m) => /is off: Telegram no longer accepts its token/.test(m.text ?? ''), 20_000);
    expect(notice.text).toContain(`@${client.username}`);
    await eventually(async () => (await t.platform.registry.profile(client.id))?.status === 'disabled', 'the bot disabled');
    expect(await t.platform.registry.list()).not.toContain(client.id);
    const events = await t.platform.db.query<Array<{ action: string }>>(`SELECT action FROM history.events WHERE subject_kind = 'bot' AND subject_id = $1 ORDER BY id`, [String(client.id)]);
    expect(events.map((e) => e.action)).toEqual(['whitelabel.bot_registered', 'whitelabel.bot_disabled']);

    // Its owner pastes the new token: the same bot, its branding kept, live again.
    const fresh = t.emulator.regenerateToken(client.id);
    tokens.add(fresh);
    t.emulator.sendMessage(vera.id, t.bot.id, fresh);
    await t.emulator.waitForMessage({ userId: vera.id, botId: t.bot.id }, (m) => new RegExp(`@${client.username}.*is live`).test(m.text ?? ''), 15_000);
    expect(await t.platform.registry.profile(client.id)).toMatchObject({ status: 'active', branding: { texts: { raidTitle: 'VERA RAID' } } });
    await eventually(() => t.emulator.webhookInfo(client.id).url !== '', 'the webhook set again with the new token');
    const bo = t.emulator.createUser({ firstName: 'Bo' });
    await t.emulator.startBot(bo.id, client.id);
    await t.emulator.waitForMessage({ userId: bo.id, botId: client.id }, (m) => m.from?.id === client.id, 15_000);
  });

  it('never puts a token in a log line, a metric, a URL, an API answer or a stored error', async () => {
    const metrics = await fetch(`${t.platform.url}/metrics`).then((r) => r.text());
    const errors = await t.platform.db.query<Array<{ last_error: string | null }>>('SELECT last_error FROM notifications.outbox WHERE last_error IS NOT NULL');
    const texts = [...logLines, metrics, ...seen, ...errors.map((e) => e.last_error ?? '')];
    expect(logLines.length).toBeGreaterThan(20);
    for (const token of tokens) {
      const secretPart = token.split(':')[1]!;
      for (const text of texts) expect(text.includes(secretPart), `a token in: ${text.slice(0, 200)}`).toBe(false);
    }
  });
});

describe('warhorn tokens rotate', () => {
  it('seals every token under the new key; with only the new key afterwards every bot still works', async () => {
    const databaseUrl = `postgres://postgres@127.0.0.1:5432/warhorn_e2e_rot_${randomBytes(4).toString('hex')}`;
    const redisPrefix = `{wt-rot-${randomBytes(4).toString('hex')}}`;
    const [oldKey, nextKey] = [newKey('k2025'), newKey('k2026')];
    const first = await startTestPlatform({ databaseUrl, redisPrefix, env: { TOKEN_ENCRYPTION_KEY: oldKey } });
    const shared = { databaseUrl, redisPrefix, emulator: first.emulator, x: first.x, bot: first.bot };
    const stops: Array<() => Promise<void>> = [];
    try {
      const owner = first.emulator.createUser({ firstName: 'Rita' });
      const client = await addClientBot(first, { ownerId: owner.id, branding: { texts: { welcome: 'Rotating welcome' } } });
      const answers = async (p: TestPlatform, userName: string) => {
        const u = p.emulator.createUser({ firstName: userName });
        await p.emulator.startBot(u.id, client.id);
        await p.emulator.waitForMessage({ userId: u.id, botId: client.id }, (m) => /Rotating welcome/.test(m.text ?? ''), 15_000);
        await p.emulator.startBot(u.id, p.bot.id);
        await p.emulator.waitForMessage({ userId: u.id, botId: p.bot.id }, (m) => m.from?.id === p.bot.id, 15_000);
      };
      await answers(first, 'Before');
      await first.platform.stop();

      // The operator deploys the new key with the old one beside it, rotates, then drops the old key.
      // One address for the restarts that follow, as a deployment has.
      const port = String(await freePort());
      const at = { HTTP_PORT: port, PUBLIC_URL: `http://127.0.0.1:${port}` };
      const both = await startTestPlatform({ ...shared, env: { ...at, TOKEN_ENCRYPTION_KEY: nextKey, TOKEN_ENCRYPTION_OLD_KEYS: oldKey } });
      stops.push(() => both.platform.stop());
      await answers(both, 'During');
      const env = { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, BOT_TOKEN: first.bot.token, TOKEN_ENCRYPTION_KEY: nextKey, TOKEN_ENCRYPTION_OLD_KEYS: oldKey, LOG_LEVEL: 'silent' };
      expect(await runCli(['tokens', 'rotate'], env)).toBe(0);
      const keyIds = await both.platform.db.query<Array<{ token_key_id: string | null }>>('SELECT token_key_id FROM bot_registry.bots WHERE token_sealed IS NOT NULL');
      expect(keyIds.length).toBe(1);
      expect(new Set(keyIds.map((k) => k.token_key_id))).toEqual(new Set(['k2026']));
      await answers(both, 'Rotated');
      await stops.pop()!();

      first.emulator.resetStats();
      const after = await startTestPlatform({ ...shared, env: { ...at, TOKEN_ENCRYPTION_KEY: nextKey } });
      stops.push(() => after.platform.stop());
      await answers(after, 'After');
      // A restart asks Telegram nothing for a bot connected already (webhook, commands and menu stay set
      // there): with thousands of bots a restart would otherwise take minutes of setWebhook calls.
      const calls = first.emulator.stats().requests[client.id] ?? {};
      expect(Object.keys(calls).filter((m) => /^set/i.test(m))).toEqual([]);
    } finally {
      for (const stop of stops) await stop();
      await first.x.close();
      await first.emulator.close();
      await clearPrefix(redisPrefix);
      await dropDatabase(databaseUrl);
    }
  });
});

describe('a bot registered on one process of a deployment', () => {
  it('is served by the others with no restart: registered through an api process, connected by a separate bot process', async () => {
    const databaseUrl = `postgres://postgres@127.0.0.1:5432/warhorn_e2e_split_${randomBytes(4).toString('hex')}`;
    const redisPrefix = `{wt-split-${randomBytes(4).toString('hex')}}`;
    const key = newKey('k1');
    const apiProcess = await startTestPlatform({ databaseUrl, redisPrefix, roles: ['api'], env: { TOKEN_ENCRYPTION_KEY: key } });
    let botProcess: TestPlatform | undefined;
    try {
      botProcess = await startTestPlatform({
        databaseUrl, redisPrefix, emulator: apiProcess.emulator, x: apiProcess.x, bot: apiProcess.bot, roles: ['bot', 'worker'],
        // Telegram posts every bot's updates to the api process; the secret is the deployment's.
        env: { TOKEN_ENCRYPTION_KEY: key, PUBLIC_URL: apiProcess.platform.url, WEBHOOK_SECRET: apiProcess.secret },
      });
      const owner = apiProcess.emulator.createUser({ firstName: 'Sam' });
      const client = apiProcess.emulator.createBot({ username: 'split_client_bot', firstName: 'Split' });
      const registered = await fetch(`${apiProcess.platform.url}${API_PREFIX}/me/bots`, {
        method: 'POST',
        headers: { authorization: `tma ${apiProcess.emulator.webAppInitData(apiProcess.bot.id, owner.id)}`, 'x-warhorn-bot': String(apiProcess.bot.id), 'content-type': 'application/json' },
        body: JSON.stringify({ token: client.token, modules: ['raids'], branding: { texts: { welcome: 'Split brain? Never.' } } }),
      });
      expect(registered.status).toBe(201);
      await servedBy(apiProcess, client.id);
      expect(String(apiProcess.emulator.webhookInfo(client.id).url)).toBe(`${apiProcess.platform.url}/tg/${client.id}`);
      const ann = apiProcess.emulator.createUser({ firstName: 'Ann' });
      await apiProcess.emulator.startBot(ann.id, client.id);
      await apiProcess.emulator.waitForMessage({ userId: ann.id, botId: client.id }, (m) => /Split brain\? Never\./.test(m.text ?? ''), 15_000);
    } finally {
      await botProcess?.platform.stop();
      await apiProcess.platform.stop();
      await apiProcess.x.close();
      await apiProcess.emulator.close();
      await clearPrefix(redisPrefix);
      await dropDatabase(databaseUrl);
    }
  });
});
