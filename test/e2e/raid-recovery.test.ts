import { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sweepRaids } from '../../workers/raid-jobs.js';
import { silentLogger } from '../../services/platform/logger.js';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';

// Raids must not stay active, locked or unjudged because a job was lost (Redis keeps nothing on disk) or
// Telegram refused an unlock for good.
describe('raids their jobs left behind', () => {
  let t: TestPlatform;
  let admin: number;
  let groupId: number;
  let postUrl: string;

  let seen = 0;
  /** The next bot message in the group matching `pattern`, after the ones the test already read. */
  const botSays = async (pattern: RegExp) => {
    const after = seen;
    const message = await t.emulator.waitForMessage(groupId, (m) => m.from?.id === t.bot.id && m.message_id > after && pattern.test(m.text ?? ''), 20_000);
    seen = message.message_id;
    return message;
  };
  const loseRaidJobs = async () => {
    const queue = new Queue(t.platform.raids.queueName, { connection: t.platform.redis, prefix: t.platform.config.REDIS_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  };
  const sweep = () => sweepRaids({ raids: t.platform.raids, validate: (id) => t.platform.validation!.run(id) }, silentLogger());

  beforeAll(async () => {
    t = await startTestPlatform({ env: { RAID_TICK_INTERVAL_MS: '3600000' } });
    postUrl = t.x.post(t.x.createUser({ username: 'recovery_proj' }), 'gm').url;
  });
  // Each case its own group (and so its own raids and chat permissions).
  beforeEach(async () => {
    admin = t.emulator.createUser({ firstName: 'Ada' }).id;
    groupId = t.emulator.createGroup({ title: 'Recovery Club', type: 'supergroup', ownerId: admin }).id;
    seen = 0;
    t.emulator.addBotToGroup(groupId, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId))?.active, 'the group to register');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('ends an overdue raid, unlocks its chat and validates it even when Redis lost every raid job', async () => {
    t.emulator.sendMessage(admin, groupId, `/raid ${postUrl} replies=500 for=30m lock`);
    await botSays(/RAID LIVE/);
    const raid = (await t.platform.raids.active(groupId))!;
    expect(t.emulator.chat(groupId).permissions.can_send_messages).toBe(false);
    await loseRaidJobs();
    // Time passes: the raid should have ended ten minutes ago, but its end job is gone.
    await t.platform.db.query(`UPDATE raids.raids SET ends_at = now() - interval '10 minutes', started_at = now() - interval '40 minutes' WHERE id = $1`, [raid.id]);
    await sweep();
    expect(await t.platform.raids.get(raid.id)).toMatchObject({ status: 'ended', endReason: 'time' });
    await eventually(() => t.emulator.chat(groupId).permissions.can_send_messages !== false, 'the chat to unlock');

    await loseRaidJobs();
    await t.platform.db.query(`UPDATE raids.raids SET validate_after = now() - interval '1 hour' WHERE id = $1`, [raid.id]);
    await sweep();
    expect((await t.platform.raids.get(raid.id))?.status).toBe('validated');
  });

  it('tells the group when Telegram refuses the unlock for good, and does not lock on top of it', async () => {
    t.emulator.sendMessage(admin, groupId, `/raid ${postUrl} replies=500 for=30m lock`);
    await botSays(/RAID LIVE/);
    const raid = (await t.platform.raids.active(groupId))!;
    // An admin takes the bot's right to restrict members away during the raid.
    t.emulator.promote(groupId, t.bot.id, admin, { can_restrict_members: false });
    t.emulator.sendMessage(admin, groupId, '/endraid');
    await botSays(/could not give the chat its permissions back/);
    const rows: Array<{ unlock_failed_at: Date | null }> = await t.platform.db.query(`SELECT unlock_failed_at FROM raids.raids WHERE id = $1`, [raid.id]);
    expect(rows[0]!.unlock_failed_at).not.toBeNull();
    expect(await t.platform.raids.unlock(raid.id)).toBe(false); // recorded: not retried for ever

    t.emulator.promote(groupId, t.bot.id, admin, { can_restrict_members: true });
    t.emulator.sendMessage(admin, groupId, `/raid ${postUrl} replies=500 for=30m lock`);
    const card = await botSays(/RAID LIVE/);
    expect(card.text).toMatch(/Not locked: an earlier raid has not given the chat its permissions back yet/);
  });
});
