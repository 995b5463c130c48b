import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../services/platform/database.js';
import { silentLogger } from '../../services/platform/logger.js';
import { onShutdown } from '../../cli.js';
import { clearPrefix, eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { TEST_REDIS_URL, deleteKeysWithPrefix } from '../support/redis.js';
import { createRedis } from '../../services/platform/redis.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';

// Faults an operator meets: Redis restarting (ours keeps nothing on disk), Postgres unreachable with
// connections that die without a word. The platform must come back on its own.
describe('the platform through outages', () => {
  let t: TestPlatform | undefined;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>> | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    proxy?.restore();
    await t?.stop();
    await proxy?.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
    t = undefined;
    proxy = undefined;
  });

  /** A group with the bot as admin, and a locked raid in it. */
  async function lockedRaid(platform: TestPlatform) {
    const admin = uid(platform.emulator.createUser({ firstName: 'Ada' }).id);
    const groupId = cid(platform.emulator.createGroup({ title: 'Outage Club', type: 'supergroup', ownerId: admin }).id);
    platform.emulator.addBotToGroup(groupId, platform.bot.id, admin, { admin: true });
    await eventually(async () => (await platform.platform.groups.get(groupId))?.active, 'the group to register', 20_000);
    const post = platform.x.post(platform.x.createUser({ username: `outage_${randomBytes(3).toString('hex')}` }), 'gm');
    platform.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=500 for=30m lock`);
    await eventually(async () => platform.platform.raids.active(groupId), 'the raid to start', 20_000);
    expect(platform.emulator.chat(groupId).permissions.can_send_messages).toBe(false);
    return { groupId, raid: (await platform.platform.raids.active(groupId))! };
  }

  it('ends and unlocks a raid on time after Redis restarted empty mid-raid, and seals history again', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(TEST_REDIS_URL).port || 6379) });
    const prefix = `{wt-${randomBytes(5).toString('hex')}}`;
    cleanups.push(() => clearPrefix(prefix));
    t = await startTestPlatform({ redisPrefix: prefix, env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, RAID_SWEEP_INTERVAL_MS: '1000', RAID_TICK_INTERVAL_MS: '3600000' } });
    const { groupId, raid } = await lockedRaid(t);

    // Redis restarts: every connection drops, and it comes back with nothing (no schedulers, no jobs). Its
    // time runs out meanwhile (its end moved to now, so the test need not wait the raid's 30 minutes).
    proxy.cut();
    const direct = createRedis(TEST_REDIS_URL, 'warhorn-test-wipe');
    await deleteKeysWithPrefix(direct, prefix);
    direct.disconnect();
    await t.platform.db.query(`UPDATE raids.raids SET ends_at = now() WHERE id = $1`, [raid.id]);
    proxy.restore();

    await eventually(async () => (await t!.platform.raids.get(raid.id))?.status !== 'active', 'the raid to end', 30_000);
    expect(await t.platform.raids.get(raid.id)).toMatchObject({ endReason: 'time' });
    await eventually(() => t!.emulator.chat(groupId).permissions.can_send_messages !== false, 'the chat to unlock', 30_000);
    // And what is recorded from now on is chained, as before the restart.
    await eventually(async () => (await t!.platform.history.list({ subjectKind: 'raid', subjectId: raid.id })).every((e) => e.seq !== null), 'the raid events to be sealed', 30_000);
  }, 120_000);

  it('resumes the outbox and the sealer on its own after Postgres vanished without a word, not ready meanwhile', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    const name = `warhorn_e2e_out_${randomBytes(4).toString('hex')}`;
    cleanups.push(() => dropDatabase(`postgres://postgres@127.0.0.1:5432/${name}`));
    t = await startTestPlatform({
      databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/${name}`,
      env: { DATABASE_STATEMENT_TIMEOUT_MS: '1500', DATABASE_CONNECT_TIMEOUT_MS: '1000' },
    });
    const kim = t.emulator.createUser({ firstName: 'Kim' });
    await t.emulator.startBot(kim.id, t.bot.id);
    await t.emulator.waitForMessage({ userId: kim.id, botId: t.bot.id }, (m) => /Hi Kim/.test(m.text ?? ''), 15_000);

    // The network to Postgres stops carrying packets, and the connections open then never carry again.
    proxy.blackhole();
    await eventually(async () => (await fetch(`${t!.platform.url}/readyz`)).status === 503, '/readyz to turn not ready');
    const body = await (await fetch(`${t.platform.url}/readyz`)).json();
    expect(body).toMatchObject({ postgres: 'unavailable' });
    await new Promise((resolve) => setTimeout(resolve, 8000));
    proxy.restore({ forgetHeld: true });

    // The outbox dispatcher and delivery come back: a new answer arrives. History is chained again.
    const lee = t.emulator.createUser({ firstName: 'Lee' });
    await t.emulator.startBot(lee.id, t.bot.id);
    await t.emulator.waitForMessage({ userId: lee.id, botId: t.bot.id }, (m) => /Hi Lee/.test(m.text ?? ''), 60_000);
    await eventually(async () => {
      const events = await t!.platform.history.list({ subjectKind: 'user', subjectId: String(lee.id) });
      return events.length > 0 && events.every((e) => e.seq !== null);
    }, 'the new events to be sealed', 60_000);
    await eventually(async () => (await fetch(`${t!.platform.url}/readyz`)).status === 200, '/readyz to be ready again', 60_000);
  }, 180_000);

  it('answers a webhook 500 while Redis does not answer, and handles the redelivered update once after', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(TEST_REDIS_URL).port || 6379) });
    const prefix = `{wt-${randomBytes(5).toString('hex')}}`;
    cleanups.push(() => clearPrefix(prefix));
    t = await startTestPlatform({ redisPrefix: prefix, env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
    const ivy = t.emulator.createUser({ firstName: 'Ivy' });
    await t.emulator.startBot(ivy.id, t.bot.id);
    await t.emulator.waitForMessage({ userId: ivy.id, botId: t.bot.id }, (m) => /Hi Ivy/.test(m.text ?? ''), 15_000);
    const update = {
      update_id: 700_000_001,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ivy.id, type: 'private', first_name: 'Ivy' },
        from: { id: ivy.id, is_bot: false, first_name: 'Ivy' },
        text: '/help',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const deliver = () =>
      fetch(`${t!.platform.url}/tg/${t!.bot.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': t!.secret },
        body: JSON.stringify(update),
      });
    proxy.blackhole();
    // Before, this request waited for as long as Redis did (for ever, on a connection that never carries again).
    expect((await deliver()).status).toBe(500);
    proxy.restore({ forgetHeld: true });
    await eventually(async () => (await deliver()).status === 200, 'the redelivery to go through', 30_000);
    // The outbox's own connections died with the blackhole too; they are replaced once they have waited 20 s.
    await t.emulator.waitForMessage({ userId: ivy.id, botId: t.bot.id }, (m) => /In a group/.test(m.text ?? ''), 60_000);
    expect((await deliver()).status).toBe(200);
    await eventually(async () => ((await t!.platform.db.query(`SELECT count(*)::int AS n FROM notifications.outbox WHERE chat_id = $1 AND state = 'pending'`, [ivy.id])) as [{ n: number }])[0].n === 0, 'the outbox to drain');
    expect(t.emulator.messages({ userId: ivy.id, botId: t.bot.id }).filter((m) => /In a group/.test(m.text ?? ''))).toHaveLength(1);
  }, 120_000);

  it('exits within its shutdown deadline when stopping hangs on a stalled dependency', async () => {
    const exits: number[] = [];
    const signals = new EventEmitter();
    onShutdown(silentLogger(), () => new Promise<void>(() => undefined), { deadlineMs: 200, exit: (code) => void exits.push(code), signals });
    signals.emit('SIGTERM', 'SIGTERM');
    await eventually(() => exits.length > 0, 'the process to exit', 5000);
    expect(exits).toEqual([1]);
  });
});
