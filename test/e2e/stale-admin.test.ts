import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertClaims, insertRaid } from '../../services/raids/raids.test-support.js';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

// The bot is a plain member of this group, so Telegram sends it no chat_member updates: when the owner
// demotes an admin, nothing tells the platform. Every privileged action asks Telegram first, so the demoted
// admin is refused at once (not at the daily refresh), and the synced admin list is put right.
describe('an admin demoted while the bot is not an admin', () => {
  let t: TestPlatform;
  let groupId: ChatId;
  let owner: TelegramUserId, bob: TelegramUserId, max: TelegramUserId;
  let maxX: { id: string; username: string };
  let post: { id: string; url: string };
  let seen = 0;

  /** The bot's next message in the group matching `pattern` (only messages after the last one a test read). */
  async function botSays(pattern: RegExp) {
    const m = await t.emulator.waitForMessage(groupId, (x) => x.from?.id === t.bot.id && pattern.test(x.text ?? ''), 20_000, { afterMessageId: seen });
    seen = m.message_id;
    return m;
  }
  const syncedAdmins = async () => (await t.platform.groups.admins(groupId)).map((a) => a.userId);

  beforeAll(async () => {
    // Answers are not reused here, so each step shows the check itself (the reuse has its own test in
    // services/groups/member-check.int.test.ts).
    t = await startTestPlatform({ env: { TELEGRAM_MEMBER_CACHE_MS: '0' } });
    const project = t.x.createUser({ username: 'quietproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
    post = t.x.post(project, 'Quiet launch', { at: new Date(Date.now() - 2 * 3_600_000) });
  });

  /** A group of its own for each case: the bot a plain member, Bob an admin when it registered, or promoted
   * only after (silently, as far as the platform can tell). */
  let n = 0;
  async function quietClub(options: { bobPromoted: 'before' | 'after' }) {
    const k = ++n;
    owner = uid(t.emulator.createUser({ firstName: 'Olga', username: `olga${k}` }).id);
    bob = uid(t.emulator.createUser({ firstName: 'Bob', username: `bob${k}` }).id);
    max = uid(t.emulator.createUser({ firstName: 'Max', username: `max${k}` }).id);
    groupId = cid(t.emulator.createGroup({ title: 'Quiet Club', type: 'supergroup', ownerId: owner, memberIds: [bob, max] }).id);
    seen = 0;
    if (options.bobPromoted === 'before') t.emulator.promote(groupId, bob, owner);
    t.emulator.addBotToGroup(groupId, t.bot.id, owner); // a member, not an admin
    await eventually(async () => (await t.platform.groups.get(groupId))?.active, 'the group to register');
    expect(await t.platform.groups.get(groupId)).toMatchObject({ botStatus: 'member' });
    if (options.bobPromoted === 'after') t.emulator.promote(groupId, bob, owner);
    maxX = t.x.createUser({ username: `max_young${k}_x`, createdAt: new Date(Date.now() - 2 * 86_400_000), followers: 40 });
    await t.platform.users.touch({ id: max, first_name: 'Max', username: `max${k}` }, t.bot.id);
    expect(await t.platform.users.linkXAccount(max, maxX, 'oauth')).toMatchObject({ ok: true });
  }

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses /set from a demoted admin and drops them from the synced list', async () => {
    await quietClub({ bobPromoted: 'before' });
    t.emulator.sendMessage(bob, groupId, '/set raid.duration 1h');
    await botSays(/raid\.duration is now 1h\./);

    t.emulator.demote(groupId, bob, owner);
    expect(await syncedAdmins()).toContain(bob); // no chat_member update reached us
    t.emulator.sendMessage(bob, groupId, '/set raid.duration 2h');
    await botSays(/only admins of this group/i);
    expect((await t.platform.groups.settings(groupId))?.raid.durationMinutes).toBe(60);
    expect(await syncedAdmins()).not.toContain(bob);

    await t.platform.history.seal();
    const trail = await t.platform.history.list({ subjectKind: 'group', subjectId: String(groupId), limit: 100 });
    expect(trail.filter((e) => e.action === 'group.admin_removed').map((e) => e.data.userId)).toEqual([String(bob)]);
  });

  it('refuses the last step of a /raid wizard when the admin was demoted meanwhile', async () => {
    // Promoted silently (no chat_member update reaches a plain member): the check finds it and lets him start.
    await quietClub({ bobPromoted: 'after' });
    expect(await syncedAdmins()).not.toContain(bob);
    t.emulator.sendMessage(bob, groupId, '/raid');
    // The bot reads only commands and replies to it here (privacy mode), so Bob answers by replying.
    let question = await botSays(/Send the link of the X post/);
    expect(await syncedAdmins()).toContain(bob);
    const answer = (text: string) => t.emulator.sendMessage(bob, groupId, text, { replyToMessageId: question.message_id });
    answer(post.url);
    question = await botSays(/Targets\?/);
    answer('replies=5');
    question = await botSays(/How long\?/);
    answer('30m');
    question = await botSays(/Lock the chat/);

    t.emulator.demote(groupId, bob, owner);
    answer('no');
    await botSays(/no longer an admin of this group, so I did not launch the raid/);
    expect(await t.platform.raids.active(groupId)).toBeNull();
    expect(await syncedAdmins()).not.toContain(bob);
  });

  it('refuses an Accept button pressed by a demoted admin, and takes it from an admin', async () => {
    await quietClub({ bobPromoted: 'after' });
    await t.platform.groups.refresh(groupId); // the daily refresh saw him as an admin
    expect(await syncedAdmins()).toContain(bob);

    // A raid that ended a while ago, whose one claimant's X account is two days old: flagged for review.
    const now = Date.now();
    const raidId = await insertRaid(t.platform.db, {
      chatId: groupId, botId: t.bot.id, postId: post.id, startedAt: new Date(now - 3_600_000), endsAt: new Date(now - 600_000), targets: { replies: 5, reposts: 0 },
    });
    await insertClaims(t.platform.db, raidId, [{ telegramUserId: max, xUserId: maxX.id, xUsername: maxX.username, claimedAt: new Date(now - 3_000_000) }]);
    t.x.reply(maxX, post.id, 'The quiet launch is the best launch, congrats on shipping it', { at: new Date(now - 2_400_000) });
    await t.platform.validation!.run(raidId);
    const review = await botSays(/flagged members/);
    const accept = `rv:${raidId}:${max}:a`;
    expect(review.reply_markup?.inline_keyboard.flat().map((b) => b.callback_data)).toContain(accept);

    t.emulator.demote(groupId, bob, owner);
    const refused = await t.emulator.pressButton(bob, groupId, review.message_id, accept);
    expect(refused.answer).toMatchObject({ text: 'Sorry, only admins of this group can do that.', show_alert: true });
    expect((await t.platform.validation!.outcomeFor(raidId, max))?.verdict).toBe('flagged');
    expect(await syncedAdmins()).not.toContain(bob);

    const taken = await t.emulator.pressButton(owner, groupId, review.message_id, accept);
    expect(taken.answer?.text).toBe('Accepted.');
    expect((await t.platform.validation!.outcomeFor(raidId, max))?.verdict).toBe('accepted');
  });
});
