import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../testkit/telegram/index.js';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

// A raid as a group lives it: an admin launches it locked, the card is pinned and follows X, members
// claim, the raid ends itself when every target is reached and the chat gets its permissions back.
describe('a raid from launch to end', () => {
  let t: TestPlatform;
  let admin: TelegramUserId;
  let members: Array<{ tg: TelegramUserId; x: { id: string; username: string } }>;
  let unlinked: TelegramUserId;
  let project: { id: string; username: string };
  const previous = { can_send_messages: true, can_send_photos: true, can_send_polls: false, can_invite_users: true, can_add_web_page_previews: false };

  // Every case has a group and a post of its own (and launches the raid it needs), so none depends on a
  // raid, a card or replies another case left behind.
  let groupId: ChatId;
  let post: { id: string; url: string };
  /** Bot messages up to this id were read by the case's set-up; botSays looks past them. */
  let readUpTo = 0;
  const card = () => t.emulator.messages(groupId).find((m) => m.from?.id === t.bot.id && /RAID (LIVE|ENDED)/.test(m.text ?? ''));
  const botSays = (pattern: RegExp) =>
    t.emulator.waitForMessage(groupId, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 20_000, { afterMessageId: readUpTo });

  beforeAll(async () => {
    t = await startTestPlatform();
    admin = uid(t.emulator.createUser({ firstName: 'Ada', username: 'ada' }).id);
    unlinked = uid(t.emulator.createUser({ firstName: 'Nolan' }).id);
    members = [];
    for (const name of ['mia', 'leo', 'zoe']) {
      const tg = uid(t.emulator.createUser({ firstName: name }).id);
      const x = t.x.createUser({ username: `${name}_x`, createdAt: new Date('2020-01-01'), followers: 500 });
      members.push({ tg, x });
    }
    // Members linked their X accounts earlier (the linking flows have their own tests).
    for (const m of members) {
      await t.platform.users.touch({ id: m.tg, first_name: m.x.username }, t.bot.id);
      expect(await t.platform.users.linkXAccount(m.tg, m.x, 'oauth')).toMatchObject({ ok: true });
    }
    project = t.x.createUser({ username: 'moonproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
  });

  afterAll(async () => {
    await t?.stop();
  });

  /** The case's group, with the bot as admin and the group's own permissions, and the post to raid. */
  async function moonRaiders(): Promise<void> {
    readUpTo = 0;
    groupId = cid(t.emulator.createGroup({ title: 'Moon Raiders', type: 'supergroup', ownerId: admin, memberIds: [unlinked, ...members.map((m) => m.tg)] }).id);
    t.emulator.addBotToGroup(groupId, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId))?.active, 'the group to register');
    // The group had its own permissions before any raid; the raid must give exactly these back.
    await new Api(t.bot.token, { apiRoot: t.emulator.apiRoot }).setChatPermissions(groupId, previous, { use_independent_chat_permissions: true });
    post = t.x.post(project, 'We just shipped v2 🚀 tell us what you think');
  }

  /** Set-up: a raid running in the case's group, its card posted (and pinned, for a locked one). */
  async function launched(args = 'replies=3 reposts=2 for=30m lock'): Promise<ChatMessage> {
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} ${args}`);
    const live = await botSays(/RAID LIVE/);
    if (/\block\b/.test(args)) await eventually(() => t.emulator.chat(groupId).pinnedMessageIds.includes(live.message_id), 'the card to be pinned');
    return live;
  }

  it('explains what is wrong with a bad /raid and launches nothing', async () => {
    await moonRaiders();
    t.emulator.sendMessage(admin, groupId, '/raid https://example.com/nope replies=5');
    await botSays(/Usage: \/raid/);
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=-3`);
    await botSays(/replies/);
    t.emulator.sendMessage(admin, groupId, '/raid https://x.com/moonproject/status/999999999999 replies=3');
    await botSays(/cannot find post 999999999999/);
    t.emulator.sendMessage(members[0]!.tg, groupId, `/raid ${post.url} replies=3`);
    await botSays(/Sorry, only admins of this group can do that\./);
    expect(await t.platform.raids.active(groupId)).toBeNull();
  });

  it('launches a locked raid: the card is posted and pinned, and members can no longer write', async () => {
    await moonRaiders();
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url.replace('https://x.com', 'https://mobile.twitter.com')}?s=20 replies=3 reposts=2 for=30m lock`);
    await botSays(/RAID LIVE/);
    expect(card()?.text).toContain('💬 Replies ░░░░░░░░░░ 0/3');
    expect(card()?.text).toContain('🔒 Chat locked');
    await eventually(() => t.emulator.chat(groupId).pinnedMessageIds.includes(card()!.message_id), 'the card to be pinned');
    expect(t.emulator.chat(groupId).permissions).toMatchObject({ can_send_messages: false });
    expect(() => t.emulator.sendMessage(members[0]!.tg, groupId, 'gm')).toThrow(/can't send messages/);
  });

  it('refuses a second raid while one runs', async () => {
    await moonRaiders();
    await launched();
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=1`);
    await botSays(/already running/);
  });

  it('records one claim per member and sends unlinked members to /linkx', async () => {
    await moonRaiders();
    await launched();
    const cardId = card()!.message_id;
    const first = await t.emulator.pressButton(members[0]!.tg, groupId, cardId, `raid:claim:${(await t.platform.raids.active(groupId))!.id}`);
    expect(first.answer?.text).toMatch(/Claim recorded/);
    const again = await t.emulator.pressButton(members[0]!.tg, groupId, cardId, `raid:claim:${(await t.platform.raids.active(groupId))!.id}`);
    expect(again.answer?.text).toMatch(/already claimed/);
    const stranger = await t.emulator.pressButton(unlinked, groupId, cardId, `raid:claim:${(await t.platform.raids.active(groupId))!.id}`);
    expect(stranger.answer?.url).toBe(`https://t.me/${t.bot.username}?start=linkx`);
    expect(await t.platform.raids.claims((await t.platform.raids.active(groupId))!.id)).toHaveLength(1);
  });

  it('follows engagement on X as it arrives', async () => {
    await moonRaiders();
    await launched();
    t.x.reply(members[0]!.x, post.id, 'Huge release, the new dashboard is clean');
    await eventually(() => /Replies ▓▓▓░░░░░░░ 1\/3/.test(card()?.text ?? ''), 'the card to show the first reply');
    expect(card()?.edited).toBe(true);
  });

  it('ends by itself when every target is reached and gives the chat its permissions back', async () => {
    await moonRaiders();
    await launched();
    expect(t.emulator.chat(groupId).permissions).toMatchObject({ can_send_messages: false });
    t.x.reply(members[0]!.x, post.id, 'Huge release, the new dashboard is clean');
    t.x.reply(members[1]!.x, post.id, 'Been waiting for this, congrats team');
    t.x.reply(members[2]!.x, post.id, 'Finally! Staking next please');
    t.x.repost(members[1]!.x, post.id);
    t.x.repost(members[2]!.x, post.id);
    await botSays(/Raid over.*every target reached/s);
    await eventually(() => /RAID ENDED/.test(card()?.text ?? ''), 'the card to show the end');
    await eventually(() => !t.emulator.chat(groupId).pinnedMessageIds.includes(card()!.message_id), 'the card to be unpinned');
    await eventually(() => t.emulator.chat(groupId).permissions.can_send_messages === true, 'the chat to unlock');
    expect(t.emulator.chat(groupId).permissions).toMatchObject(previous);
    t.emulator.sendMessage(members[0]!.tg, groupId, 'gg');
    const raid = await t.platform.raids.latest(groupId);
    expect(raid).toMatchObject({ status: expect.stringMatching(/ended|validated/), endReason: 'targets', progress: { replies: 3, reposts: 2 } });
  });

  it('walks an admin through /raid step by step, and /endraid ends it', async () => {
    await moonRaiders();
    // An earlier raid in this group, over, whose card a member will press meanwhile.
    const over = (await launched()).message_id;
    await eventually(async () => (await t.platform.raids.active(groupId))?.cardMessageId === over, 'the raid to know its card');
    t.emulator.sendMessage(admin, groupId, '/endraid');
    await botSays(/Raid over/);
    await eventually(async () => ((await t.platform.db.query(`SELECT count(*)::int AS n FROM notifications.outbox WHERE chat_id = $1 AND state = 'pending'`, [groupId])) as [{ n: number }])[0].n === 0, 'its messages to go out');
    readUpTo = Math.max(over, ...t.emulator.messages(groupId).filter((m) => m.from?.id === t.bot.id).map((m) => m.message_id));
    t.emulator.sendMessage(admin, groupId, '/raid');
    await botSays(/Send the link of the X post/);
    t.emulator.sendMessage(admin, groupId, 'not a link');
    await botSays(/⚠️/);
    t.emulator.sendMessage(admin, groupId, post.url);
    await botSays(/Targets\?/);
    // A member presses a button in the same group meanwhile: the wizard must not lose its place.
    const earlier = (await t.platform.raids.latest(groupId))!;
    await t.emulator.pressButton(members[1]!.tg, groupId, earlier.cardMessageId!, `raid:claim:${earlier.id}`);
    t.emulator.sendMessage(admin, groupId, 'replies=50 likes=10');
    await botSays(/How long\?/);
    t.emulator.sendMessage(admin, groupId, '45m');
    await botSays(/Lock the chat/);
    t.emulator.sendMessage(admin, groupId, 'no');
    const raid = await eventually(async () => (await t.platform.raids.active(groupId)) ?? undefined, 'the wizard to launch the raid');
    expect(raid).toMatchObject({ targets: { replies: 50, likes: 10, reposts: 0 }, durationMinutes: 45, lockRequested: false });

    t.emulator.sendMessage(members[0]!.tg, groupId, '/endraid');
    await botSays(/Sorry, only admins of this group can do that\./);
    t.emulator.sendMessage(admin, groupId, '/endraid');
    await botSays(/Raid over.*ended by an admin/s);
    expect(await t.platform.raids.get(raid.id)).toMatchObject({ endReason: 'admin' });
    // Some twelve bot messages in one group: Telegram's 20 a minute per group paces them to about 40 s.
  }, 120_000);

  it('runs unlocked and says why when the bot may not restrict members', async () => {
    post = t.x.post(project, 'We just shipped v2 🚀 tell us what you think');
    const small = cid(t.emulator.createGroup({ title: 'No Rights Club', type: 'supergroup', ownerId: admin, memberIds: [members[0]!.tg] }).id);
    t.emulator.addBotToGroup(small, t.bot.id, admin, { admin: true, rights: { can_restrict_members: false } });
    await eventually(async () => (await t.platform.groups.get(small))?.active, 'the group to register');
    t.emulator.sendMessage(admin, small, `/raid ${post.url} replies=100 lock`);
    const card = await t.emulator.waitForMessage(small, (m) => m.from?.id === t.bot.id && /RAID LIVE/.test(m.text ?? ''), 20_000);
    expect(card.text).toMatch(/Not locked: make me an admin with the “Ban users” right/);
    expect(t.emulator.chat(small).permissions.can_send_messages).not.toBe(false);
    t.emulator.sendMessage(members[0]!.tg, small, 'still free to talk');
  });
});
