import { Queue } from 'bullmq';
import { Api } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sweepRaids } from '../../workers/raid-jobs.js';
import { silentLogger } from '../../services/platform/logger.js';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

// Raids must not stay active, locked or unjudged because a job was lost (Redis keeps nothing on disk) or
// Telegram refused an unlock for good.
describe('raids their jobs left behind', () => {
  let t: TestPlatform;
  let admin: TelegramUserId;
  let groupId: ChatId;
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
    admin = uid(t.emulator.createUser({ firstName: 'Ada' }).id);
    groupId = cid(t.emulator.createGroup({ title: 'Recovery Club', type: 'supergroup', ownerId: admin }).id);
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

  it('records a launch that could not give the chat its permissions back, and the sweeper restores them', async () => {
    // A group of its own, so this does not depend on what the raids above left behind.
    const chat = cid(t.emulator.createGroup({ title: 'Restore Club', type: 'supergroup', ownerId: admin }).id);
    t.emulator.addBotToGroup(chat, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(chat))?.active, 'the group to register');
    const before = { can_send_messages: true, can_send_photos: true, can_send_polls: false, can_invite_users: true };
    await new Api(t.bot.token, { apiRoot: t.emulator.apiRoot }).setChatPermissions(chat, before, { use_independent_chat_permissions: true });
    // Postgres refuses a NUL character in the card's outbox row: the launch fails after it locked the chat.
    const broken = t.x.post(t.x.createUser({ username: 'nul_proj' }), 'gm\u0000').url;
    // The lock goes through; Telegram refuses the restore that follows.
    t.emulator.injectFault({ botId: t.bot.id, method: 'setChatPermissions', status: 400, description: 'Bad Request: not enough rights to change chat permissions', after: 1, times: 1 });
    t.emulator.sendMessage(admin, chat, `/raid ${broken} replies=5 for=30m lock`);
    const open = async () => (await t.platform.db.query(`SELECT id::text AS id, error, restored_at FROM raids.restores WHERE chat_id = $1`, [chat])) as Array<{ id: string; error: string; restored_at: Date | null }>;
    const [recorded] = await eventually(async () => ((await open()).length > 0 ? await open() : null), 'the failed restore to be recorded');
    expect(recorded!.restored_at).toBeNull();
    expect(recorded!.error).toMatch(/not enough rights/);
    expect(await t.platform.raids.active(chat)).toBeNull();
    expect(t.emulator.chat(chat).permissions.can_send_messages).toBe(false);
    const events = (await t.platform.db.query(`SELECT action FROM history.events WHERE subject_kind = 'group' AND subject_id = $1`, [String(chat)])) as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toContain('raid.restore_failed');
    expect((await t.platform.raids.leftBehind()).restores).toContain(recorded!.id);

    t.emulator.clearFaults();
    await sweep();
    expect(t.emulator.chat(chat).permissions).toMatchObject(before);
    expect((await open())[0]!.restored_at).not.toBeNull();
    expect((await t.platform.raids.leftBehind()).restores).not.toContain(recorded!.id);
  });
});
