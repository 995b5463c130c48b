// The Mini App in a real browser (Debian's Chromium, driven by playwright-core), opened the way Telegram Web
// opens it: the emulator's host page frames the app with initData signed for the person, and plays the main
// and back buttons. Against the real api role, the Telegram emulator and the X fake, an admin runs a raid
// from the app from settings to the CSV, and a member reads their verdict. Each main view is saved as a
// screenshot in test-artifacts/screenshots/, light and dark.
import { describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { browserSuite, byTestId, view } from '../support/browser.js';
import { claim, groupWithBot, linkedMember, raidCard, type LinkedMember } from '../../miniapp/api/v1/raids.test-support.js';
import { apiClient, json } from '../../miniapp/api/v1/api.test-support.js';
import { encodeStartParam } from '../../miniapp/shared/start-param.js';
import { cid } from '../../services/platform/telegram-ids.test-support.js';


describe('the Mini App in a browser', () => {
  let t: TestPlatform;
  const { open } = browserSuite(async () => (t = await startTestPlatform()));

  it('lets an admin change a setting, launch a locked raid, watch it, end it and settle its results', { timeout: 240_000 }, async () => {
    const ada = t.emulator.createUser({ firstName: 'Ada', username: 'ada_moon' }).id;
    const honest: LinkedMember = await linkedMember(t, 'honest');
    const young: LinkedMember = await linkedMember(t, 'young', { createdAt: new Date(Date.now() - 2 * 86_400_000) });
    const chatId = await groupWithBot(t, 'Moon Club', ada, [honest.tg, young.tg]);
    const project = t.x.createUser({ username: 'moon_project', createdAt: new Date('2019-05-01'), followers: 90_000 });
    const post = t.x.post(project, 'Staking is live. What do you think of the dashboard?');

    for (const theme of ['light', 'dark'] as const) {
      const tg = await open(ada, { theme });
      const { app } = tg;
      await view(app, 'home');
      await byTestId(app, `group-${chatId}`).waitFor();
      await tg.screenshot('home');
      await byTestId(app, `group-${chatId}`).click();
      await view(app, 'group');
      await tg.screenshot('dashboard-new');
      await byTestId(app, 'open-settings').click();
      await view(app, 'settings');
      await tg.screenshot('settings');
      await tg.close();
    }

    // A setting changed in the app is the group's setting: /settings in the group says so.
    const tg = await open(ada, { startParam: encodeStartParam({ view: 'group', chatId }) });
    const { app } = tg;
    await view(app, 'group');
    await byTestId(app, 'open-settings').click();
    await view(app, 'settings');
    const reply = byTestId(app, 'setting-points.reply');
    await reply.fill('7');
    await reply.press('Enter');
    await eventually(async () => (await t.platform.groups.settings(cid(chatId)))?.points.reply === 7, 'the setting to be saved');
    // The app buzzes once the server's answer is back, which can be just after the database shows the change.
    await expect.poll(() => tg.events()).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'web_app_trigger_haptic_feedback' })]));
    t.emulator.sendMessage(ada, chatId, '/settings');
    await t.emulator.waitForMessage(chatId, (m) => /Settings of Moon Club/.test(m.text ?? '') && /reply 7/.test(m.text ?? ''), 15_000);

    // Launch from the form: Telegram's main button is the primary action.
    await tg.pressBackButton();
    await view(app, 'group');
    await byTestId(app, 'open-launch').click();
    await view(app, 'launch');
    await byTestId(app, 'launch-post-url').fill(post.url);
    await byTestId(app, 'launch-target-replies').fill('5');
    await byTestId(app, 'launch-lock').click();
    await expect.poll(() => byTestId(app, 'launch-preview').innerText()).toMatch(/replies/i);
    await byTestId(app, 'launch-preview').scrollIntoViewIfNeeded();
    await tg.screenshot('launch-preview');
    await eventually(() => tg.page.isEnabled('#main-button'), 'the main button to be enabled');
    await tg.pressMainButton();
    await view(app, 'raid');
    const raid = await eventually(() => t.platform.raids.active(cid(chatId)), 'the raid to run');
    expect(raid.lockApplied).toBe(true);
    await raidCard(t, chatId, raid.id);
    expect(t.emulator.chat(chatId).permissions.can_send_messages).toBe(false);

    // Members engage on X and claim: the view's progress follows.
    for (const m of [honest, young]) await claim(t, chatId, raid.id, m);
    t.x.reply(honest.x, post.id, 'The staking dashboard looks clean and the APR is fair');
    t.x.reply(young.x, post.id, 'Been waiting for staking, congrats to the whole team');
    await expect.poll(() => byTestId(app, 'raid-progress-replies').innerText(), { timeout: 30_000 }).toMatch(/\b2\b/);
    await tg.screenshot('raid');

    // End it (Telegram's popup asks first), then the results once validated.
    await byTestId(app, 'raid-end').click();
    await tg.answerPopup('ok');
    await eventually(async () => (await t.platform.raids.get(raid.id))?.status !== 'active', 'the raid to end');
    await eventually(async () => (await t.platform.raids.get(raid.id))?.status === 'validated', 'the raid to be validated', 30_000);
    await byTestId(app, 'open-results').click();
    await view(app, 'results');
    await byTestId(app, `claimant-${honest.tg}`).waitFor();
    await expect.poll(() => byTestId(app, `claimant-${young.tg}`).innerText()).toMatch(/flagged/i);
    await tg.screenshot('results');

    // Accept the flagged claimant: the verdict changes here and in validation.
    await byTestId(app, `accept-${young.tg}`).click();
    await eventually(async () => (await t.platform.validation!.outcomeFor(raid.id, young.tg as never))?.verdict === 'accepted', 'the claimant to be accepted');
    await expect.poll(() => byTestId(app, `claimant-${young.tg}`).innerText()).toMatch(/accepted/i);

    // The CSV of /raidreport, downloaded as a file.
    const [download] = await Promise.all([tg.page.waitForEvent('download'), byTestId(app, 'results-csv').click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv.split('\n')[0]).toMatch(/telegram/i);
    expect(csv).toContain('honest_x');
    expect(csv).toContain('young_x');
    await tg.close();

    // The admin's other views, in both themes, as the raid left them.
    for (const theme of ['light', 'dark'] as const) {
      const results = await open(ada, { theme, startParam: encodeStartParam({ view: 'raid', chatId, raidId: raid.id }) });
      await view(results.app, 'results');
      await expect.poll(() => byTestId(results.app, `claimant-${young.tg}`).innerText()).toMatch(/accepted/i);
      await results.screenshot('results');
      await results.close();
      const other = await open(ada, { theme, startParam: encodeStartParam({ view: 'group', chatId }) });
      await view(other.app, 'group');
      await other.app.waitForSelector('[data-testid="loading"]', { state: 'detached' });
      await other.screenshot('dashboard');
      for (const [entry, name] of [['open-launch', 'launch'], ['open-leaderboards', 'leaderboards'], ['open-history', 'history']] as const) {
        await byTestId(other.app, entry).click();
        await view(other.app, name);
        await other.app.waitForSelector('[data-testid="loading"]', { state: 'detached' });
        await other.screenshot(name);
        await other.pressBackButton();
        await view(other.app, 'group');
      }
      await other.close();
    }
  });

  it('shows a member their verdict with its reasons and their points', { timeout: 180_000 }, async () => {
    const owner = t.emulator.createUser({ firstName: 'Otto', username: 'otto_sun' }).id;
    const carol: LinkedMember = await linkedMember(t, 'carol');
    const dave: LinkedMember = await linkedMember(t, 'dave');
    const chatId = await groupWithBot(t, 'Sun Club', owner, [carol.tg, dave.tg]);
    const project = t.x.createUser({ username: 'sun_project', createdAt: new Date('2019-05-01'), followers: 50_000 });
    const post = t.x.post(project, 'Our roadmap for next year is out.');
    const api = apiClient(t);
    const launched = await api.as(owner, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { replies: 5 }, durationMinutes: 30 });
    expect(launched.status).toBe(201);
    const raidId: string = (await json(launched)).raid.id;
    for (const m of [carol, dave]) await claim(t, chatId, raidId, m);
    t.x.reply(carol.x, post.id, 'A clear roadmap, the bridge in Q2 is what I wanted');
    await eventually(async () => (await json(await api.as(owner, 'GET', `/raids/${raidId}`))).progress.replies === 1, 'the reply to count');
    expect((await api.as(owner, 'POST', `/raids/${raidId}/end`)).status).toBe(200);
    await eventually(async () => (await t.platform.raids.get(raidId))?.status === 'validated', 'the raid to be validated', 30_000);

    for (const theme of ['light', 'dark'] as const) {
      const tg = await open(carol.tg, { theme });
      const { app } = tg;
      await view(app, 'home');
      await expect.poll(() => byTestId(app, `my-points-${chatId}`).innerText()).toMatch(/\b4\b/);
      await byTestId(app, 'open-verdicts').click();
      await view(app, 'verdicts');
      await expect.poll(() => byTestId(app, `verdict-${raidId}`).innerText()).toMatch(/accepted/i);
      await tg.screenshot('my-verdicts');
      await tg.close();
    }

    // Dave claimed without doing anything X can show: rejected, and told why.
    const tg = await open(dave.tg, { startParam: encodeStartParam({ view: 'verdicts' }) });
    await view(tg.app, 'verdicts');
    const verdict = byTestId(tg.app, `verdict-${raidId}`);
    await expect.poll(() => verdict.innerText()).toMatch(/rejected/i);
    expect(await verdict.innerText()).toMatch(/X|found|no /i);
    await byTestId(tg.app, `appeal-${raidId}`).waitFor();
  });

  it('lets an admin cancel a running raid from its view', { timeout: 120_000 }, async () => {
    const kim = t.emulator.createUser({ firstName: 'Kim', username: 'kim_star' }).id;
    const chatId = await groupWithBot(t, 'Star Club', kim, []);
    const post = t.x.post(t.x.createUser({ username: 'star_project', createdAt: new Date('2019-05-01'), followers: 5_000 }), 'Vote on the next feature');
    const launched = await apiClient(t).as(kim, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { likes: 5 }, durationMinutes: 30 });
    expect(launched.status).toBe(201);
    const raidId: string = (await json(launched)).raid.id;

    const tg = await open(kim, { startParam: encodeStartParam({ view: 'group', chatId }) });
    const { app } = tg;
    await view(app, 'group');
    await byTestId(app, 'active-raid').click();
    await view(app, 'raid');
    await byTestId(app, 'raid-cancel').click();
    await tg.answerPopup('ok');
    await expect.poll(() => byTestId(app, 'raid-status').innerText()).toMatch(/cancelled/i);
    expect(await byTestId(app, 'raid-cancel').count()).toBe(0);
    expect(await t.platform.raids.get(raidId)).toMatchObject({ status: 'cancelled' });
    await t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && /Raid cancelled/.test(m.text ?? ''), 20_000);
  });
});
