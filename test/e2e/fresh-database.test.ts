import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { clearPrefix, eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { startTelegramEmulator, type TelegramEmulator } from '../../testkit/telegram/index.js';
import { Queue } from 'bullmq';
import { queueOptions } from '../../services/platform/queues.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';

// A new database beside Redis that an earlier database used (a restore, a fresh start, a second deployment
// on the same prefix): its raid 1 is not the old raid 1, whose finished jobs are still in Redis.
describe('a fresh database beside old Redis data', () => {
  const prefix = `{wt-${randomBytes(5).toString('hex')}}`;
  let emulator: TelegramEmulator;
  let t: TestPlatform | undefined;

  afterAll(async () => {
    await t?.stop();
    await emulator?.close();
    await clearPrefix(prefix);
  });

  /** A group with the bot as admin and a linked member, then a locked raid ended by reaching its target. */
  async function raidToTheEnd(platform: TestPlatform) {
    const admin = uid(platform.emulator.createUser({ firstName: 'Ada' }).id);
    const member = uid(platform.emulator.createUser({ firstName: 'Mia' }).id);
    const groupId = cid(platform.emulator.createGroup({ title: 'Fresh Start', type: 'supergroup', ownerId: admin, memberIds: [member] }).id);
    platform.emulator.addBotToGroup(groupId, platform.bot.id, admin, { admin: true });
    await eventually(async () => (await platform.platform.groups.get(groupId))?.active, 'the group to register');
    const miaOnX = platform.x.createUser({ username: `mia_${randomBytes(3).toString('hex')}`, createdAt: new Date('2020-01-01'), followers: 300 });
    const post = platform.x.post(platform.x.createUser({ username: `proj_${randomBytes(3).toString('hex')}` }), 'gm, we shipped');
    platform.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=1 for=30m lock`);
    const card = await platform.emulator.waitForMessage(groupId, (m) => m.from?.id === platform.bot.id && /RAID LIVE/.test(m.text ?? ''), 20_000);
    const raid = (await platform.platform.raids.active(groupId))!;
    expect(platform.emulator.chat(groupId).permissions.can_send_messages).toBe(false);
    // The first tick pins the card; engagement on X moves the progress bar; the target ends the raid.
    await eventually(() => platform.emulator.chat(groupId).pinnedMessageIds.includes(card.message_id), 'the card to be pinned');
    platform.x.reply(miaOnX, post.id, 'Congrats on the launch, great work team!');
    await eventually(async () => (await platform.platform.raids.get(raid.id))?.status !== 'active', 'the raid to end at its target');
    expect(await platform.platform.raids.get(raid.id)).toMatchObject({ endReason: 'targets' });
    await eventually(() => platform.emulator.chat(groupId).permissions.can_send_messages !== false, 'the chat to unlock');
    await eventually(() => /RAID ENDED/.test(platform.emulator.messages(groupId).find((m) => m.message_id === card.message_id)?.text ?? ''), 'the card to show the end');
    return raid.id;
  }

  it("runs the new database's raid 1 as if Redis were empty: card updated, ended at its target, chat unlocked", async () => {
    emulator = await startTelegramEmulator({ floodLimits: false });
    t = await startTestPlatform({ emulator, redisPrefix: prefix });
    expect(await raidToTheEnd(t)).toBe('1');
    await t.stop();

    // Same Redis prefix, a brand-new database: its first raid is raid 1 again.
    t = await startTestPlatform({ emulator, redisPrefix: prefix });
    expect(await raidToTheEnd(t)).toBe('1');

    // A job the old database left behind (say, an end still delayed when it went) ends quietly.
    const before = await t.platform.raids.get('1');
    const queue = new Queue(t.platform.raids.queueName, queueOptions(t.platform.redis, prefix));
    await queue.add('end', { raidId: '1', installation: 'the-old-database' }, { jobId: 'left-behind-end-1' });
    await queue.close();
    const stale = async () => /job="end"[^}]*} 1/.test(await t!.platform.metrics.getSingleMetricAsString('warhorn_raid_jobs_stale_total'));
    await eventually(stale, 'the stale job to be skipped');
    expect(await t.platform.raids.get('1')).toEqual(before);
  }, 120_000);
});
