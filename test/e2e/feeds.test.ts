import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.js';
import { FEEDS_ENV, startFeedsWorld, type FeedsWorld } from '../support/feeds.js';
import type { ChatId } from '../../services/platform/telegram-ids.js';

// X feeds as groups live them, against the Telegram emulator and the X fake: admins follow the project's
// account, its new posts appear in each group once and in order, replies only where asked, whichever of two
// worker processes reads them; unfollowing stops them; a group's daily cap pauses its feeds and tells it.
describe('X feeds in groups', () => {
  let w: FeedsWorld;
  let project: FeedsWorld['project'];
  let fan: FeedsWorld['fan'];

  beforeAll(async () => {
    w = await startFeedsWorld();
    ({ project, fan } = w);
  });
  afterAll(async () => {
    await w?.t.stop();
  });

  it('posts new posts of a followed account once into each of three groups, in order, replies only where asked', async () => {
    const before = w.t.x.post(project, 'an old post nobody followed yet');
    const [a, b, c] = [await w.group('Alpha'), await w.group('Beta'), await w.group('Gamma')];
    w.t.emulator.sendMessage(w.admin, a, `/follow @${project.username}`);
    await w.botSays(a, /Following/);
    w.t.emulator.sendMessage(w.admin, b, `/follow ${project.username} replies`);
    await w.botSays(b, /Following.*replies included/s);
    w.t.emulator.sendMessage(w.admin, c, `/follow @${project.username.toUpperCase()}`);
    await w.botSays(c, /Following/);
    w.t.emulator.sendMessage(w.member, c, `/follow @${fan.username}`);
    await w.botSays(c, /only admins/);

    const first = w.t.x.post(project, 'v2 is live: https://example.com/v2 $WAR #warhorn');
    const question = w.t.x.post(fan, 'wen staking?');
    const reply = w.t.x.reply(project, question.id, 'staking lands next week');
    const second = w.t.x.post(project, 'second post & <b>not bold</b>');
    for (const chat of [a, b, c]) await w.botSays(chat, /second post &amp;|second post &/);
    // A few more polls go by: nothing comes twice.
    await new Promise((r) => setTimeout(r, 2500));

    const posts = (chat: ChatId) => w.botTexts(chat).filter((text) => /v2 is live|staking lands|second post|old post/.test(text));
    for (const chat of [a, c]) {
      expect(posts(chat)).toHaveLength(2);
      expect(posts(chat)[0]).toMatch(/v2 is live/);
      expect(posts(chat)[1]).toMatch(/second post & <b>not bold<\/b>/);
    }
    expect(posts(b)).toHaveLength(3);
    expect(posts(b)[1]).toMatch(/staking lands next week/);
    for (const chat of [a, b, c]) expect(posts(chat).join('\n')).not.toMatch(/old post/);
    // The post's button opens it on X.
    const forwarded = w.t.emulator.messages(a).find((m) => /v2 is live/.test(m.text ?? ''))!;
    expect(JSON.stringify(forwarded.reply_markup)).toContain(`/status/${first.id}`);
    expect(before.id < first.id && reply.id < second.id).toBe(true);

    w.t.emulator.sendMessage(w.admin, a, '/follows');
    await w.botSays(a, new RegExp(`X accounts this group follows.*@${project.username}`, 's'));
  }, 60_000);

  it('posts each post once while a second worker process polls the same accounts', async () => {
    const second = await startTestPlatform({
      emulator: w.t.emulator, x: w.t.x, bot: w.t.bot, roles: ['worker'],
      databaseUrl: w.t.platform.config.DATABASE_URL, redisPrefix: w.t.platform.config.REDIS_PREFIX,
      env: FEEDS_ENV,
    });
    try {
      const twin = w.t.x.createUser({ username: 'twin_worker_x', followers: 100 });
      const g = await w.group('Twice');
      w.t.emulator.sendMessage(w.admin, g, `/follow @${twin.username}`);
      await w.botSays(g, /Following/);
      const posts = Array.from({ length: 5 }, (_, i) => w.t.x.post(twin, `twin post ${i}`));
      await w.botSays(g, /twin post 4/);
      await new Promise((r) => setTimeout(r, 3000));
      const got = w.botTexts(g).filter((text) => /twin post/.test(text)).map((text) => /twin post (\d)/.exec(text)![1]);
      expect(got).toEqual(posts.map((_, i) => String(i)));
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('stops posting into a group that unfollowed', async () => {
    const g = await w.group('Leaving');
    w.t.emulator.sendMessage(w.admin, g, `/follow @${project.username}`);
    const followed = await w.botSays(g, /Following/);
    w.t.emulator.sendMessage(w.admin, g, `/unfollow @${project.username}`);
    await w.botSays(g, /Stopped following/, followed.message_id);
    const watcher = await w.group('Watching');
    w.t.emulator.sendMessage(w.admin, watcher, `/follow @${project.username}`);
    await w.botSays(watcher, /Following/);
    w.t.x.post(project, 'after the unfollow');
    await w.botSays(watcher, /after the unfollow/);
    await new Promise((r) => setTimeout(r, 2500));
    expect(w.botTexts(g).some((text) => /after the unfollow/.test(text))).toBe(false);
  }, 60_000);

  it("pauses a group's feeds at its daily cap and tells its admins once", async () => {
    // An account of its own: the cost of a read is shared by every group following it.
    const own = w.t.x.createUser({ username: 'thrifty_x', createdAt: new Date('2019-05-01'), followers: 10 });
    const g = await w.group('Thrifty');
    w.t.emulator.sendMessage(w.admin, g, '/set feeds.daily_cap_cents 0');
    await w.botSays(g, /feeds\.daily_cap_cents/);
    w.t.emulator.sendMessage(w.admin, g, `/follow @${own.username}`);
    await w.botSays(g, /Following/);
    w.t.x.post(own, 'a post the thrifty group does not get');
    await new Promise((r) => setTimeout(r, 3000));
    expect(w.botTexts(g).some((text) => /does not get/.test(text))).toBe(false);

    const capped = await w.group('Capped');
    w.t.emulator.sendMessage(w.admin, capped, '/set feeds.daily_cap_cents 1');
    await w.botSays(capped, /feeds\.daily_cap_cents/);
    w.t.emulator.sendMessage(w.admin, capped, `/follow @${own.username}`);
    await w.botSays(capped, /Following/);
    for (let i = 0; i < 10 && !w.botTexts(capped).some((text) => /paused for today/.test(text)); i++) {
      w.t.x.post(own, `busy post ${i}`);
      await w.botSays(capped, new RegExp(`busy post ${i}\\b|paused for today`));
    }
    await w.botSays(capped, /X feeds paused for today/);
    w.t.x.post(own, 'past the cap');
    await new Promise((r) => setTimeout(r, 3000));
    expect(w.botTexts(capped).some((text) => /past the cap/.test(text))).toBe(false);
    expect(w.botTexts(capped).filter((text) => /paused for today/.test(text))).toHaveLength(1);
  }, 90_000);

});
