import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

// X feeds as groups live them, against the Telegram emulator and the X fake: admins follow the project's
// account, its new posts appear in each group once and in order, replies only where asked; unfollowing
// stops them; a group's daily cap pauses its feeds and tells it; and an auto-raid opens on a new post of the
// group's own account, runs and is validated like any raid.
describe('X feeds in groups', () => {
  let t: TestPlatform;
  let admin: TelegramUserId;
  let member: TelegramUserId;
  let project: { id: string; username: string };
  let fan: { id: string; username: string };
  let n = 0;

  beforeAll(async () => {
    t = await startTestPlatform({
      env: { FEEDS_POLL_INTERVAL_MS: '500', FEEDS_MIN_INTERVAL_MS: '1000', FEEDS_MAX_INTERVAL_MS: '2000', FEEDS_MENTION_WINDOW_MS: '8000', KOLS_MIN_INTERVAL_MS: '1000', KOLS_MAX_INTERVAL_MS: '2000', RAID_VALIDATION_GRACE_MS: '500' },
    });
    admin = uid(t.emulator.createUser({ firstName: 'Ada', username: 'ada' }).id);
    member = uid(t.emulator.createUser({ firstName: 'Mia', username: 'mia' }).id);
    project = t.x.createUser({ username: 'warhorn_hq', name: 'Warhorn <HQ>', createdAt: new Date('2019-05-01'), followers: 90_000 });
    fan = t.x.createUser({ username: 'fan_x', createdAt: new Date('2020-01-01'), followers: 500 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function group(title: string): Promise<ChatId> {
    const id = cid(t.emulator.createGroup({ title: `${title} ${++n}`, type: 'supergroup', ownerId: admin, memberIds: [member] }).id);
    t.emulator.addBotToGroup(id, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(id))?.active, 'the group to register');
    return id;
  }
  const botTexts = (chat: ChatId) => t.emulator.messages(chat).filter((m) => m.from?.id === t.bot.id).map((m) => m.text ?? '');
  const botSays = (chat: ChatId, pattern: RegExp, after = 0) => t.emulator.waitForMessage(chat, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 20_000, { afterMessageId: after });

  it('posts new posts of a followed account once into each of three groups, in order, replies only where asked', async () => {
    const before = t.x.post(project, 'an old post nobody followed yet');
    const [a, b, c] = [await group('Alpha'), await group('Beta'), await group('Gamma')];
    t.emulator.sendMessage(admin, a, `/follow @${project.username}`);
    await botSays(a, /Following/);
    t.emulator.sendMessage(admin, b, `/follow ${project.username} replies`);
    await botSays(b, /Following.*replies included/s);
    t.emulator.sendMessage(admin, c, `/follow @${project.username.toUpperCase()}`);
    await botSays(c, /Following/);
    t.emulator.sendMessage(member, c, `/follow @${fan.username}`);
    await botSays(c, /only admins/);

    const first = t.x.post(project, 'v2 is live: https://example.com/v2 $WAR #warhorn');
    const question = t.x.post(fan, 'wen staking?');
    const reply = t.x.reply(project, question.id, 'staking lands next week');
    const second = t.x.post(project, 'second post & <b>not bold</b>');
    for (const chat of [a, b, c]) await botSays(chat, /second post &amp;|second post &/);
    // A few more polls go by: nothing comes twice.
    await new Promise((r) => setTimeout(r, 2500));

    const posts = (chat: ChatId) => botTexts(chat).filter((text) => /v2 is live|staking lands|second post|old post/.test(text));
    for (const chat of [a, c]) {
      expect(posts(chat)).toHaveLength(2);
      expect(posts(chat)[0]).toMatch(/v2 is live/);
      expect(posts(chat)[1]).toMatch(/second post & <b>not bold<\/b>/);
    }
    expect(posts(b)).toHaveLength(3);
    expect(posts(b)[1]).toMatch(/staking lands next week/);
    for (const chat of [a, b, c]) expect(posts(chat).join('\n')).not.toMatch(/old post/);
    // The post's button opens it on X.
    const forwarded = t.emulator.messages(a).find((m) => /v2 is live/.test(m.text ?? ''))!;
    expect(JSON.stringify(forwarded.reply_markup)).toContain(`/status/${first.id}`);
    expect(before.id < first.id && reply.id < second.id).toBe(true);

    t.emulator.sendMessage(admin, a, '/follows');
    await botSays(a, new RegExp(`X accounts this group follows.*@${project.username}`, 's'));
  }, 60_000);

  it('stops posting into a group that unfollowed', async () => {
    const g = await group('Leaving');
    t.emulator.sendMessage(admin, g, `/follow @${project.username}`);
    const followed = await botSays(g, /Following/);
    t.emulator.sendMessage(admin, g, `/unfollow @${project.username}`);
    await botSays(g, /Stopped following/, followed.message_id);
    const watcher = await group('Watching');
    t.emulator.sendMessage(admin, watcher, `/follow @${project.username}`);
    await botSays(watcher, /Following/);
    t.x.post(project, 'after the unfollow');
    await botSays(watcher, /after the unfollow/);
    await new Promise((r) => setTimeout(r, 2500));
    expect(botTexts(g).some((text) => /after the unfollow/.test(text))).toBe(false);
  }, 60_000);

  it("pauses a group's feeds at its daily cap and tells its admins once", async () => {
    // An account of its own: the cost of a read is shared by every group following it.
    const own = t.x.createUser({ username: 'thrifty_x', createdAt: new Date('2019-05-01'), followers: 10 });
    const g = await group('Thrifty');
    t.emulator.sendMessage(admin, g, '/set feeds.daily_cap_cents 0');
    await botSays(g, /feeds\.daily_cap_cents/);
    t.emulator.sendMessage(admin, g, `/follow @${own.username}`);
    await botSays(g, /Following/);
    t.x.post(own, 'a post the thrifty group does not get');
    await new Promise((r) => setTimeout(r, 3000));
    expect(botTexts(g).some((text) => /does not get/.test(text))).toBe(false);

    const capped = await group('Capped');
    t.emulator.sendMessage(admin, capped, '/set feeds.daily_cap_cents 1');
    await botSays(capped, /feeds\.daily_cap_cents/);
    t.emulator.sendMessage(admin, capped, `/follow @${own.username}`);
    await botSays(capped, /Following/);
    for (let i = 0; i < 10 && !botTexts(capped).some((text) => /paused for today/.test(text)); i++) {
      t.x.post(own, `busy post ${i}`);
      await botSays(capped, new RegExp(`busy post ${i}\\b|paused for today`));
    }
    await botSays(capped, /X feeds paused for today/);
    t.x.post(own, 'past the cap');
    await new Promise((r) => setTimeout(r, 3000));
    expect(botTexts(capped).some((text) => /past the cap/.test(text))).toBe(false);
    expect(botTexts(capped).filter((text) => /paused for today/.test(text))).toHaveLength(1);
  }, 90_000);

  it('relays posts that mention the group’s terms and summarises a flood past its cap', async () => {
    const g = await group('Listening');
    const other = await group('Elsewhere');
    t.emulator.sendMessage(admin, g, '/set mentions.per_hour 2');
    await botSays(g, /mentions\.per_hour/);
    t.emulator.sendMessage(admin, g, '/mentions add $HORN');
    await botSays(g, /Relaying posts that mention <b>\$HORN<\/b>|Relaying posts that mention/);
    t.emulator.sendMessage(admin, g, '/mentions add from:elon');
    await botSays(g, /Usage: <code>\/mentions add|⚠️/);
    t.emulator.sendMessage(admin, other, '/mentions add #elsewhere');
    await botSays(other, /Relaying/);
    const voices = Array.from({ length: 6 }, (_, i) => t.x.createUser({ username: `voice_${i}`, createdAt: new Date('2020-01-01'), followers: 1000 + i }));
    for (const [i, v] of voices.entries()) t.x.post(v, `loading up on $HORN, take ${i}`);
    await eventually(() => botTexts(g).filter((text) => /loading up on/.test(text)).length >= 2, 'the first relays', 20_000);
    await botSays(g, /4 more posts mentioned/);
    expect(botTexts(g).filter((text) => /loading up on/.test(text))).toHaveLength(2);
    expect(botTexts(other).some((text) => /loading up on/.test(text))).toBe(false);
  }, 60_000);

  it('records what KOLs post about the project and ranks them by engagement in /kols', async () => {
    const g = await group('Influenced');
    t.emulator.sendMessage(admin, g, '/mentions add $KOLZ');
    await botSays(g, /Relaying/);
    const [loud, quiet] = [t.x.createUser({ username: 'loud_kol', followers: 90_000 }), t.x.createUser({ username: 'quiet_kol', followers: 5_000 })];
    t.emulator.sendMessage(admin, g, `/kols add @${loud.username}`);
    const added = await botSays(g, /loud_kol/);
    t.emulator.sendMessage(admin, g, `/kols add @${quiet.username}`);
    await botSays(g, /quiet_kol/, added.message_id);
    t.emulator.sendMessage(member, g, `/kols add @${fan.username}`);
    await botSays(g, /only admins/);
    const fans = Array.from({ length: 4 }, (_, i) => t.x.createUser({ username: `kolfan_${i}` }));
    const big = t.x.post(loud, '$KOLZ is the one this cycle');
    const small = t.x.post(quiet, 'looking at $KOLZ');
    t.x.post(loud, 'nothing about the project');
    for (const f of fans) t.x.like(f, big.id);
    t.x.repost(fans[0]!, big.id);
    t.x.like(fans[1]!, small.id);
    await eventually(async () => (await t.platform.kols!.ranking(g, new Date(Date.now() - 86_400_000), new Date(Date.now() + 60_000))).length === 2, 'both KOL posts to be recorded', 30_000);
    await t.platform.kols!.refreshDue();
    const before = t.emulator.messages(g).at(-1)?.message_id ?? 0;
    t.emulator.sendMessage(member, g, '/kols');
    const ranking = await botSays(g, /KOL mentions/, before);
    const text = ranking.text ?? '';
    expect(text.indexOf('loud_kol')).toBeGreaterThan(-1);
    expect(text.indexOf('loud_kol')).toBeLessThan(text.indexOf('quiet_kol'));
    expect(text).not.toContain(fan.username);
  }, 60_000);

  it("opens a raid on a new post of the group's own account, which runs and is validated like any raid", async () => {
    const g = await group('Auto');
    const old = t.x.post(project, 'posted before auto-raids were on');
    t.emulator.sendMessage(admin, g, `/autoraid @${project.username} replies=1 for=5m`);
    await botSays(g, /Auto-raids on/);
    t.emulator.sendMessage(admin, g, `/autoraid @${project.username} replies=abc`);
    await botSays(g, /Usage: <code>\/autoraid|Usage: \/autoraid/);
    const fresh = t.x.post(project, 'Raid this one 🚀');
    const card = await botSays(g, /RAID LIVE/);
    expect(card.text).toContain('Raid this one');
    const raid = await t.platform.raids.active(g);
    expect(raid?.postId).toBe(fresh.id);
    expect(raid?.postId).not.toBe(old.id);

    const mx = t.x.createUser({ username: 'mia_x', createdAt: new Date('2020-01-01'), followers: 500 });
    await t.platform.users.touch({ id: member, first_name: 'Mia' }, t.bot.id);
    expect(await t.platform.users.linkXAccount(member, mx, 'oauth')).toMatchObject({ ok: true });
    const pressed = await t.emulator.pressButton(member, g, card.message_id, `raid:claim:${raid!.id}`);
    expect(pressed.answer?.text).toMatch(/Claim recorded/);
    t.x.reply(mx, fresh.id, 'Love the new staking dashboard, fees are fair and the UI is clean');
    await botSays(g, /Raid over.*every target reached/s);
    await eventually(async () => (await t.platform.validation!.outcomeFor(raid!.id, member))?.verdict, 'the claim to be validated', 30_000);
    expect((await t.platform.validation!.outcomeFor(raid!.id, member))?.verdict).toBe('accepted');
    // Only one raid came of it.
    await new Promise((r) => setTimeout(r, 2000));
    expect(botTexts(g).filter((text) => /RAID (LIVE|ENDED)/.test(text)).length).toBeLessThanOrEqual(1);
  }, 90_000);
});
