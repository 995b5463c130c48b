// The Mini App's KOL view in a real browser (Debian's Chromium, playwright-core), opened as Telegram Web
// opens it, against the real api role and the X fake: a group with a mention term and three KOLs, whose posts
// the KOL search records and the engagement refresh re-reads (both run here directly: the worker's jobs are
// periodic). A member opens the group, reaches its KOLs, sees them ranked with the service's figures and a
// KOL's chart with one bar per day that had engagement, and switches the period. Screenshots in
// test-artifacts/screenshots/, light and dark.
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { browserSuite, byTestId, view } from '../support/browser.js';
import { groupWithBot } from '../../miniapp/api/v1/raids.test-support.js';
import { encodeStartParam } from '../../miniapp/shared/start-param.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';

const listOf = (app: Frame, days: number) => app.waitForSelector(`[data-testid="kols-list"][data-days="${days}"]`, { timeout: 20_000 });
const attrs = (app: Frame, selector: string, name: string) => app.locator(selector).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);

describe('the Mini App KOL view in a browser', () => {
  let t: TestPlatform;
  // Queries read again every second: a read that came just before a post must not hold it back for minutes.
  const { open } = browserSuite(async () => (t = await startTestPlatform({ env: { KOLS_MIN_INTERVAL_MS: '1000', KOLS_MAX_INTERVAL_MS: '1000' } })));

  it("shows a member the group's KOLs ranked, a KOL's chart per day, and other periods", { timeout: 180_000 }, async () => {
    const ada = t.emulator.createUser({ firstName: 'Ada', username: 'ada_kolweb' }).id;
    const max = t.emulator.createUser({ firstName: 'Max', username: 'max_kolweb' }).id;
    const chatId = await groupWithBot(t, 'KOL Club', ada, [max]);
    const chat = cid(chatId);
    const [feeds, kols] = [t.platform.feeds!, t.platform.kols!];
    const admin = { botId: t.bot.id, chatId: chat, actorId: uid(ada) };
    expect(await feeds.addMentionTerm(admin, '$KOLW')).toMatchObject({ ok: true, label: '$KOLW' });
    const whale = t.x.createUser({ username: 'kolweb_whale', name: 'Whale Calls', followers: 90_000 });
    const minnow = t.x.createUser({ username: 'kolweb_minnow', name: 'Minnow', followers: 5_000 });
    const silent = t.x.createUser({ username: 'kolweb_silent', name: 'Silent', followers: 1_000 });
    for (const k of [whale, minnow, silent]) expect(await kols.add(admin, k.username)).toMatchObject({ ok: true, created: true, terms: 1 });

    // The whale's launch post (moved back 2 days below, then re-read with more engagement), its early call
    // (moved back 12 days: in the 30-day period, not the 7-day one); the minnow's post of today; the silent
    // KOL posts nothing about the project.
    const fans = Array.from({ length: 6 }, (_, i) => t.x.createUser({ username: `kolweb_fan${i}` }));
    const launch = t.x.post(whale, '$KOLW mainnet is live');
    const early = t.x.post(whale, 'Early call: $KOLW');
    const gm = t.x.post(minnow, 'gm $KOLW');
    t.x.post(silent, 'nothing about it');
    for (const f of fans.slice(0, 3)) t.x.like(f, launch.id);
    t.x.repost(fans[3]!, launch.id);
    t.x.view(launch.id, 1500);
    t.x.like(fans[0]!, early.id);
    t.x.like(fans[1]!, gm.id);
    await eventually(async () => {
      await kols.searchDue();
      const totals = (await kols.chart(chat, 1)).map((k) => k.totals.mentions);
      return totals[0] === 2 && totals[1] === 1;
    }, 'the KOL posts to be recorded');

    // The days before: each post and its first read moved back as if recorded then (the KOL with them).
    const back = async (postId: string, days: number): Promise<string> => {
      const shift = `${days} days`;
      await t.platform.db.query(
        `UPDATE feeds.kol_posts SET created_at = created_at - $2::interval, first_seen_at = first_seen_at - $2::interval,
                refreshed_at = refreshed_at - $2::interval, refresh_until = refresh_until - $2::interval WHERE post_id = $1`,
        [postId, shift],
      );
      await t.platform.db.query(`UPDATE feeds.kol_post_metrics SET at = at - $2::interval WHERE post_id = $1`, [postId, shift]);
      const [row] = await t.platform.db.query(`SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM feeds.kol_posts WHERE post_id = $1`, [postId]);
      return row.day as string;
    };
    await t.platform.db.query(`UPDATE feeds.kols SET added_at = added_at - interval '30 days' WHERE chat_id = $1`, [chatId]);
    const [launchDay, earlyDay] = [await back(launch.id, 2), await back(early.id, 12)];

    // The launch post gains two likes and a reply today: the refresh re-reads it (its last read is 2 days old).
    for (const f of fans.slice(4)) t.x.like(f, launch.id);
    t.x.reply(fans[0]!, launch.id, 'congrats');
    await eventually(async () => {
      await kols.refreshDue();
      return (await kols.chart(chat, 7))[0]!.totals.likes === 5;
    }, 'the launch post to be re-read');
    const today = (await kols.chart(chat, 7))[0]!.series.at(-1)!.day;
    expect(await kols.chart(chat, 7)).toMatchObject([
      { username: 'kolweb_whale', rank: 1, totals: { mentions: 1, likes: 5, reposts: 1, replies: 1, quotes: 0, impressions: 1500, score: 23 } },
      { username: 'kolweb_minnow', rank: 2, totals: { mentions: 1, likes: 1, impressions: null, score: 1 } },
      { username: 'kolweb_silent', rank: null, totals: { mentions: 0, score: 0 } },
    ]);

    // A member: the dashboard is for admins, so the group opens on what a member may see, its KOLs.
    const tg = await open(max, { startParam: encodeStartParam({ view: 'group', chatId }) });
    const { app } = tg;
    await view(app, 'group');
    await byTestId(app, 'member-dashboard').waitFor();
    await byTestId(app, 'open-kols').click();
    await view(app, 'kols');
    await listOf(app, 7);
    expect(await attrs(app, '[data-testid="kols-list"] [data-rank]', 'data-testid')).toEqual(['kol-kolweb_whale', 'kol-kolweb_minnow', 'kol-kolweb_silent']);
    const row = (username: string) => byTestId(app, `kol-${username}`);
    const text = (username: string, id: string) => row(username).locator(`[data-testid="${id}"]`).innerText();
    expect(await app.locator('[data-testid="kol-place"]').allInnerTexts()).toEqual(['🥇', '🥈', '–']);
    expect(await text('kolweb_whale', 'kol-figures')).toBe('1 mention · 5 likes · 1 repost · 1 reply · 0 quotes · 1,500 impressions');
    expect(await text('kolweb_whale', 'kol-score')).toBe('score 23');
    expect(await text('kolweb_minnow', 'kol-figures')).toBe('1 mention · 1 like · 0 reposts · 0 replies · 0 quotes');
    expect(await text('kolweb_silent', 'kol-figures')).toBe('0 mentions · 0 likes · 0 reposts · 0 replies · 0 quotes');
    expect(await row('kolweb_whale').innerText()).toContain('Whale Calls');
    expect(await row('kolweb_whale').locator('[data-testid="kol-profile"]').getAttribute('href')).toBe('https://x.com/kolweb_whale');
    expect(await row('kolweb_whale').locator('[data-testid="kol-profile"]').innerText()).toBe('@kolweb_whale');

    // The whale's chart, on a tap: a bar for the day of its launch post (3 likes, a repost) and one for today
    // (2 likes, a reply); its one mention in the period a dot on the launch day; dates under the axis.
    // By its place, at the left: the handle is a link out to X, and telegram-ui's ripple covers the rest.
    await row('kolweb_whale').click({ position: { x: 20, y: 20 } });
    const detail = byTestId(app, 'kol-detail-kolweb_whale');
    await detail.waitFor();
    expect(await row('kolweb_whale').getAttribute('aria-expanded')).toBe('true');
    const chart = detail.locator('[data-testid="kol-chart"]');
    expect(await chart.getAttribute('data-days')).toBe('7');
    const bars = () => detail.locator('[data-testid="kol-bar"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-day'), Number(e.getAttribute('data-value')), e.getBoundingClientRect().height > 0]));
    expect(await bars()).toEqual([[launchDay, 4, true], [today, 3, true]]);
    expect(await attrs(app, '[data-testid="kol-detail-kolweb_whale"] [data-testid="kol-mention-dot"]', 'data-day')).toEqual([launchDay]);
    const labels = await detail.locator('[data-testid="kol-day-label"]').allTextContents();
    expect(labels).toHaveLength(4);
    expect(labels.at(-1)).toBe(new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`)));
    expect(await detail.locator('[data-testid="kol-best-post"]').getAttribute('href')).toBe(`https://x.com/kolweb_whale/status/${launch.id}`);

    // 30 days: the early call counts too, a third bar and a second dot; the chart stays open.
    await byTestId(app, 'kols-period-30').click();
    await listOf(app, 30);
    expect(await text('kolweb_whale', 'kol-figures')).toBe('2 mentions · 6 likes · 1 repost · 1 reply · 0 quotes · 1,500 impressions');
    expect(await text('kolweb_whale', 'kol-score')).toBe('score 24');
    expect(await chart.getAttribute('data-days')).toBe('30');
    expect(await bars()).toEqual([[earlyDay, 1, true], [launchDay, 4, true], [today, 3, true]]);
    expect(await attrs(app, '[data-testid="kol-detail-kolweb_whale"] [data-testid="kol-mention-dot"]', 'data-day')).toEqual([earlyDay, launchDay]);
    await byTestId(app, 'kols-period-90').click();
    await listOf(app, 90);
    expect(await chart.getAttribute('data-days')).toBe('90');
    expect((await bars()).map((b) => b[0])).toEqual([earlyDay, launchDay, today]);
    await tg.close();

    // An admin reaches the same view from the full dashboard; a group without KOLs says how to add them.
    const bare = await groupWithBot(t, 'Bare Club', ada, []);
    const adm = await open(ada, { startParam: encodeStartParam({ view: 'group', chatId: bare }) });
    await view(adm.app, 'group');
    await byTestId(adm.app, 'open-feeds').waitFor();
    await byTestId(adm.app, 'open-kols').click();
    await view(adm.app, 'kols');
    const empty = await byTestId(adm.app, 'kols-empty').innerText();
    expect(empty).toContain('/kols add @handle');
    expect(empty).toContain('/mentions add $TOKEN');
    expect(await byTestId(adm.app, 'kols-period-7').count()).toBe(0);
    await adm.screenshot('kols-empty');
    await adm.close();

    // The member's view with the whale's 30-day chart open, in both themes.
    for (const theme of ['light', 'dark'] as const) {
      const shot = await open(max, { theme, startParam: encodeStartParam({ view: 'group', chatId }) });
      await view(shot.app, 'group');
      await byTestId(shot.app, 'open-kols').click();
      await listOf(shot.app, 7);
      // Opened before the switch, so the tap's ripple has faded by the time the 30 days are drawn.
      await shot.app.locator('[data-testid="kol-kolweb_whale"]').click({ position: { x: 20, y: 20 } });
      await byTestId(shot.app, 'kol-detail-kolweb_whale').waitFor();
      await byTestId(shot.app, 'kols-period-30').click();
      await listOf(shot.app, 30);
      await expect.poll(() => shot.app.locator('[data-testid="kol-detail-kolweb_whale"] [data-testid="kol-bar"]').count()).toBe(3);
      await shot.screenshot('kols-30-days');
      await shot.close();
    }
  });
});
