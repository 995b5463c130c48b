// The Mini App's X feeds view in a real browser (Debian's Chromium, playwright-core), opened as Telegram Web
// opens it, against the real api role and the X fake: an admin follows the project's account with its
// replies, sees it listed, adds a mention term and reads why another is refused, switches the auto-raid on
// from its form with Telegram's main button, and unfollows after Telegram's popup asks. Each step is checked
// in the feeds service too. Screenshots in test-artifacts/screenshots/, light and dark.
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { browserSuite, byTestId, view } from '../support/browser.js';
import { groupWithBot } from '../../miniapp/api/v1/raids.test-support.js';
import { encodeStartParam } from '../../miniapp/shared/start-param.js';
import { cid } from '../../services/platform/telegram-ids.test-support.js';

const loaded = (app: Frame) => app.waitForSelector('[data-testid="loading"]', { state: 'detached' });

describe('the Mini App X feeds view in a browser', () => {
  let t: TestPlatform;
  const { open } = browserSuite(async () => (t = await startTestPlatform()));

  it('lets an admin follow an account, add mention terms and switch the auto-raid on', { timeout: 180_000 }, async () => {
    const ada = t.emulator.createUser({ firstName: 'Ada', username: 'ada_feeds' }).id;
    const chatId = await groupWithBot(t, 'Feeds Club', ada, []);
    const chat = cid(chatId);
    const feeds = t.platform.feeds!;
    t.x.createUser({ username: 'feeds_hq', name: 'Feeds HQ', createdAt: new Date('2019-05-01'), followers: 40_000 });

    const tg = await open(ada, { startParam: encodeStartParam({ view: 'group', chatId }) });
    const { app } = tg;
    await view(app, 'group');
    await byTestId(app, 'open-feeds').click();
    await view(app, 'feeds');
    await byTestId(app, 'follows-empty').waitFor();

    // Follows: an account X does not have is said under the form; the project's account is followed with
    // its replies, and listed with its badge and how often it is read.
    await byTestId(app, 'follow-handle').fill('@nobody_on_x');
    await byTestId(app, 'follow-submit').click();
    await expect.poll(() => byTestId(app, 'follow-error').innerText()).toMatch(/X has no account @nobody_on_x/);
    await byTestId(app, 'follow-handle').fill('@feeds_hq');
    await byTestId(app, 'follow-replies').click();
    await byTestId(app, 'follow-submit').click();
    const row = byTestId(app, 'follow-feeds_hq');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/@feeds_hq[\s\S]*Feeds HQ · read every 1 min/);
    expect(await row.locator('[data-testid="badge-replies"]').count()).toBe(1);
    expect(await row.locator('[data-testid="badge-reposts"]').count()).toBe(0);
    expect(await byTestId(app, 'follow-handle').inputValue()).toBe('');
    expect(await feeds.follows(chat)).toEqual([expect.objectContaining({ username: 'feeds_hq', replies: true, reposts: false })]);
    await expect.poll(() => tg.events()).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'web_app_trigger_haptic_feedback' })]));

    // Mentions: a term added with Enter shows as a chip; one the service refuses says why under the field.
    await byTestId(app, 'mention-input').fill('$war');
    await byTestId(app, 'mention-input').press('Enter');
    await app.locator('[data-testid="mention-term"][data-term="$war"]').waitFor();
    expect(await app.locator('[data-testid="mention-term"]').allInnerTexts()).toEqual([expect.stringContaining('$WAR')]);
    await byTestId(app, 'mention-input').fill('lang:en');
    await byTestId(app, 'mention-add').click();
    await expect.poll(() => byTestId(app, 'mention-error').innerText()).toMatch(/^Operators like lang: are not terms/);
    expect((await feeds.mentionTerms(chat)).map((m) => m.label)).toEqual(['$WAR']);
    await tg.screenshot('feeds');

    // Auto-raid: off; its form saved with Telegram's main button once it has an account and a target.
    expect(await byTestId(app, 'auto-raid-status').getAttribute('data-state')).toBe('off');
    await byTestId(app, 'auto-raid-open').click();
    await view(app, 'auto-raid');
    await eventually(async () => !(await tg.page.isEnabled('#main-button')), 'the main button to wait for a target');
    await byTestId(app, 'auto-raid-handle').fill('feeds_hq');
    await byTestId(app, 'auto-raid-target-likes').fill('20');
    await byTestId(app, 'auto-raid-target-replies').fill('5');
    await byTestId(app, 'auto-raid-replace').click();
    await tg.screenshot('auto-raid-form');
    await eventually(() => tg.page.isEnabled('#main-button'), 'the main button to be enabled');
    await tg.pressMainButton();
    await view(app, 'feeds');
    const status = byTestId(app, 'auto-raid-status');
    await expect.poll(() => status.getAttribute('data-state')).toBe('on');
    expect(await status.innerText()).toMatch(/On for @feeds_hq[\s\S]*5 replies, 20 likes · 30 min[\s\S]*replaces/);
    expect(await feeds.autoRaid(chat)).toMatchObject({ username: 'feeds_hq', targets: { replies: 5, likes: 20, reposts: 0 }, durationMinutes: 30, onNewer: 'replace', enabledBy: ada });

    // Unfollowing asks first (Telegram's popup), then the list is empty again.
    await byTestId(app, 'unfollow-feeds_hq').click();
    await tg.answerPopup('ok');
    await byTestId(app, 'follows-empty').waitFor();
    expect(await feeds.follows(chat)).toEqual([]);
    await tg.close();

    // The view as the admin left it, in both themes.
    for (const theme of ['light', 'dark'] as const) {
      const shot = await open(ada, { theme, startParam: encodeStartParam({ view: 'group', chatId }) });
      await view(shot.app, 'group');
      await byTestId(shot.app, 'open-feeds').click();
      await view(shot.app, 'feeds');
      await loaded(shot.app);
      await byTestId(shot.app, 'auto-raid-status').scrollIntoViewIfNeeded();
      await shot.screenshot('feeds-on');
      await shot.close();
    }
  });
});
