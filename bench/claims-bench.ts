// 1,000 members press "I raided" at once, through the Telegram emulator's webhook delivery (40 connections,
// as Telegram's default max_connections), the api role, dedupe, user upsert and the claim transaction. Each
// member presses twice: every claim must be counted once.
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../services/platform/config.js';
import { silentLogger } from '../services/platform/logger.js';
import { startPlatform } from '../composition.js';
import { startTelegramEmulator } from '../testkit/telegram/index.js';
import { startXFake } from '../testkit/x/index.js';
import { chatId, telegramUserId } from '../services/platform/telegram-ids.js';
import { freePort } from './free-port.js';

export interface ClaimsBenchResult {
  members: number;
  presses: number;
  seconds: number;
  pressesPerSecond: number;
  claimsStored: number;
}

export async function benchClaims(opts: { databaseUrl: string; redisUrl: string; members: number }): Promise<ClaimsBenchResult> {
  const emulator = await startTelegramEmulator({ floodLimits: false });
  const x = await startXFake({ rateLimits: false });
  const bot = emulator.createBot({ username: `claims_${randomBytes(3).toString('hex')}_bot` });
  const port = await freePort();
  const prefix = `{wb-${randomBytes(4).toString('hex')}}`;
  const config = loadConfig({
    DATABASE_URL: opts.databaseUrl, REDIS_URL: opts.redisUrl, REDIS_PREFIX: prefix, BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: emulator.apiRoot, BOT_MODE: 'webhook', PUBLIC_URL: `http://127.0.0.1:${port}`, WEBHOOK_SECRET: randomBytes(16).toString('hex'),
    HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'silent', X_API_ROOT: x.apiRoot, X_BEARER_TOKEN: x.bearerToken,
    RAID_TICK_INTERVAL_MS: '60000',
  });
  const platform = await startPlatform(config, ['bot', 'api', 'worker'], silentLogger(), { xHttpsAgent: new https.Agent({ ca: x.ca, keepAlive: true }) });
  try {
    // The emulator's ids are plain numbers: they become the platform's once, here.
    const owner = telegramUserId(emulator.createUser({ firstName: 'Owner' }).id);
    const people = Array.from({ length: opts.members }, (_, i) => telegramUserId(emulator.createUser({ firstName: `m${i}` }).id));
    const group = chatId(emulator.createGroup({ title: 'Bench Raiders', type: 'supergroup', ownerId: owner, memberIds: people }).id);
    emulator.addBotToGroup(group, bot.id, owner, { admin: true });
    for (let i = 0; i < 200 && !(await platform.groups.get(group))?.active; i++) await new Promise((r) => setTimeout(r, 50));
    for (const [i, tg] of people.entries()) {
      await platform.users.touch({ id: tg, first_name: `m${i}` }, bot.id);
      await platform.users.linkXAccount(tg, x.createUser({ username: `bench${i}` }), 'oauth');
    }
    const project = x.createUser({ username: 'benchproject' });
    const post = x.post(project, 'bench post');
    const launched = await platform.raids.launch({ chatId: group, botId: bot.id, adminId: owner, postId: post.id, targets: { replies: 100_000, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 }, durationMinutes: 60, lock: false });
    if (!launched.ok) throw new Error(`launch refused: ${launched.reason}`);
    const card = await emulator.waitForMessage(group, (m) => /RAID LIVE/.test(m.text ?? ''), 30_000);
    const data = `raid:claim:${launched.raidId}`;
    const started = performance.now();
    await Promise.all([...people, ...people].map((tg) => emulator.pressButton(tg, group, card.message_id, data, { timeoutMs: 60_000 })));
    const seconds = (performance.now() - started) / 1000;
    const claims = await platform.raids.claims(launched.raidId);
    return { members: opts.members, presses: people.length * 2, seconds, pressesPerSecond: (people.length * 2) / seconds, claimsStored: claims.length };
  } finally {
    await platform.stop();
    await x.close();
    await emulator.close();
  }
}
