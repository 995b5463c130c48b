// /kols in a group, end to end: the Telegram emulator sends the commands to the platform's bot, which reads
// the X fake. Anyone in the group sees the ranking; only admins change or list the KOLs; bad input gets usage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { cid } from '../../../services/platform/telegram-ids.test-support.js';
import { ADMINS_ONLY } from '../../texts.js';

describe('/kols in a group', () => {
  let t: TestPlatform;
  let olga: number, max: number, moon: number;
  let seen = 0;

  /** The bot's next message in the group matching `pattern` (after the last one a test read). */
  async function botSays(pattern: RegExp) {
    const m = await t.emulator.waitForMessage(moon, (x) => x.from?.id === t.bot.id && pattern.test(x.text ?? ''), 20_000, { afterMessageId: seen });
    seen = m.message_id;
    return m.text ?? '';
  }

  beforeAll(async () => {
    // Queries read again every second: a read that came just before the post must not hold it back for minutes.
    t = await startTestPlatform({ env: { KOLS_MIN_INTERVAL_MS: '1000', KOLS_MAX_INTERVAL_MS: '1000' } });
    olga = t.emulator.createUser({ firstName: 'Olga', username: 'olga_kols' }).id;
    max = t.emulator.createUser({ firstName: 'Max', username: 'max_kols' }).id;
    moon = t.emulator.createGroup({ title: 'Moon KOLs', type: 'supergroup', ownerId: olga, memberIds: [max] }).id;
    t.emulator.addBotToGroup(moon, t.bot.id, olga, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(moon)))?.active, 'the group to register');
    await t.platform.db.query(
      `INSERT INTO feeds.mention_terms (chat_id, term, kind, label, bot_id, created_by, created_at) VALUES ($1, '$moonk', 'cashtag', '$MOONK', $2, $3, now())`,
      [moon, t.bot.id, olga],
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lets an admin add, list and remove KOLs, refuses members, and answers bad input with usage', async () => {
    const kol = t.x.createUser({ username: 'moonk_caller', name: 'Moon Caller', followers: 80_000 });
    t.emulator.sendMessage(max, moon, '/kols add @moonk_caller');
    expect(await botSays(/only admins/)).toBe(ADMINS_ONLY);
    t.emulator.sendMessage(olga, moon, '/kols add @moonk_caller');
    expect(await botSays(/Tracking/)).toContain('@moonk_caller');
    t.emulator.sendMessage(olga, moon, '/kols list');
    expect(await botSays(/KOLs this group tracks/)).toContain('(Moon Caller)');
    t.emulator.sendMessage(olga, moon, '/kols frobnicate');
    expect(await botSays(/Admins:/)).toContain('/kols add @account');
    expect((await t.platform.kols!.list(cid(moon))).map((k) => k.xUserId)).toEqual([kol.id]);

    t.emulator.sendMessage(olga, moon, '/kols remove moonk_caller');
    expect(await botSays(/Stopped tracking/)).toContain('@moonk_caller');
    expect(await t.platform.kols!.list(cid(moon))).toEqual([]);
  });

  it("shows anyone in the group the last 7 days' ranking of the KOLs' posts about the project", async () => {
    const kol = t.x.createUser({ username: 'moonk_whale', name: 'Whale', followers: 120_000 });
    const fan = t.x.createUser({ username: 'moonk_fan' });
    t.emulator.sendMessage(olga, moon, '/kols add moonk_whale');
    await botSays(/Tracking/);
    await t.platform.kols!.searchDue(); // a read before the post: the next one, a second later, finds it
    const post = t.x.post(kol, '$MOONK is the one');
    t.x.like(fan, post.id);
    t.x.post(kol, 'unrelated');
    await eventually(async () => (await t.platform.kols!.searchDue()) && (await t.platform.kols!.ranking(cid(moon), new Date(0), new Date(Date.now() + 60_000))).length > 0, 'the post to be recorded');

    t.emulator.sendMessage(max, moon, '/kols');
    const ranking = await botSays(/KOL mentions/);
    expect(ranking).toContain('🥇 @moonk_whale (Whale): 1 mention · 1 likes');
  });
});
