// The generator and a white-label bot's Mini App in a real browser (Debian's Chromium via playwright-core),
// opened the way Telegram opens it: from the main bot, an owner creates a bot in steps (token, branding with
// the live raid card, modules, confirm) and edits its branding later; from the client's bot, a member gets
// the client's app: its name and logo on top and its accent on every button, with initData checked against
// the client bot's token. Screenshots in test-artifacts/screenshots/.
import { describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { browserSuite, byTestId, view } from '../support/browser.js';
import { servedBy } from '../support/whitelabel.js';

// Runs in the page (no DOM types here): the colour the browser actually painted the element with.
type Styled = { getComputedStyle(el: unknown): { backgroundColor: string } };
const colorOf = (app: Frame, selector: string) => app.locator(selector).first().evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor);

describe('the generator and a white-label Mini App in a browser', () => {
  let t: TestPlatform;
  const { open } = browserSuite(async () => (t = await startTestPlatform()));

  it('creates a bot in steps with a live card preview, and the new bot’s app is in the client’s colours and name', { timeout: 240_000 }, async () => {
    const olga = t.emulator.createUser({ firstName: 'Olga', username: 'olga_acme' }).id;
    const acme = t.emulator.createBot({ username: 'acme_army_bot', firstName: 'Acme' });

    const owner = await open(olga);
    const { app } = owner;
    await view(app, 'home');
    await byTestId(app, 'open-bots').click();
    await view(app, 'bots');
    await byTestId(app, 'bots-empty').waitFor();
    await byTestId(app, 'create-bot').click();
    await view(app, 'new-bot');

    // Step 1: a pasted non-token says what a token looks like and goes nowhere.
    await byTestId(app, 'new-bot-step-1').waitFor();
    await byTestId(app, 'new-bot-token').fill('not a token');
    await expect.poll(() => app.locator('.hint').first().textContent()).toMatch(/A token looks like/);
    await owner.pressMainButton().catch(() => undefined);
    await byTestId(app, 'new-bot-step-1').waitFor();
    await byTestId(app, 'new-bot-token').fill(acme.token);
    await owner.pressMainButton();

    // Step 2: branding, with the card as the bot will post it, following the typing.
    await byTestId(app, 'new-bot-step-2').waitFor();
    await byTestId(app, 'brand-display-name').fill('Acme Army');
    await byTestId(app, 'brand-accent').fill('#ff55');
    await byTestId(app, 'brand-colors-error').waitFor();
    await byTestId(app, 'brand-accent').fill('#ff5500');
    await byTestId(app, 'brand-accentText').fill('#ffffff');
    await byTestId(app, 'brand-text-raidTitle').fill('ACME STRIKE');
    await byTestId(app, 'brand-text-claimButton').fill('⚔️ I struck');
    await expect.poll(() => byTestId(app, 'brand-preview').textContent(), { timeout: 10_000 }).toMatch(/ACME STRIKE[\s\S]*⚔️ I struck/);
    await owner.screenshot('generator-branding');
    await owner.pressMainButton();

    // Step 3: modules; raids is on, moderation added.
    await byTestId(app, 'new-bot-step-3').waitFor();
    expect(await byTestId(app, 'module-raids').getAttribute('data-checked')).toBe('true');
    await byTestId(app, 'module-moderation').click();
    await expect.poll(() => byTestId(app, 'module-moderation').getAttribute('data-checked')).toBe('true');
    await owner.pressMainButton();

    // Step 4: confirm, and the bot is live: the app shows it, Telegram has its webhook.
    await byTestId(app, 'new-bot-step-4').waitFor();
    expect(await byTestId(app, 'new-bot-summary').textContent()).toMatch(/Acme Army with raids, moderation/);
    await owner.pressMainButton();
    await view(app, 'bot');
    await expect.poll(() => byTestId(app, 'bot-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('active');
    await servedBy(t, acme.id);
    const stored = await t.platform.whitelabel.bot(olga, acme.id);
    expect(stored.ok && stored.value.modules).toEqual(['raids', 'moderation']);
    expect(stored.ok && stored.value.branding.texts?.raidTitle).toBe('ACME STRIKE');

    // Editing later: the preview follows, Save stores it.
    await byTestId(app, 'brand-text-raidTitle').fill('ACME RAID NOW');
    await expect.poll(() => byTestId(app, 'brand-preview').textContent(), { timeout: 10_000 }).toMatch(/ACME RAID NOW/);
    await byTestId(app, 'bot-save-branding').click();
    await byTestId(app, 'bot-branding-saved').waitFor();
    await eventually(async () => {
      const r = await t.platform.whitelabel.bot(olga, acme.id);
      return r.ok && r.value.branding.texts?.raidTitle === 'ACME RAID NOW';
    }, 'the branding to be saved');
    await owner.screenshot('bot-edit');
    await owner.pressBackButton();
    await view(app, 'bots');
    await byTestId(app, `bot-${acme.id}`).waitFor();
    expect(await byTestId(app, `bot-${acme.id}`).getAttribute('data-status')).toBe('active');
    expect(await byTestId(app, `bot-${acme.id}`).textContent()).toMatch(/Acme Army/);

    // A member opens the app from the client's bot: the client's name on top, the client's accent on buttons.
    const ann = t.emulator.createUser({ firstName: 'Ann' }).id;
    const member = await open(ann, { botId: acme.id });
    await view(member.app, 'home');
    await expect.poll(() => byTestId(member.app, 'brand-name').textContent(), { timeout: 15_000 }).toBe('Acme Army');
    expect(await member.app.locator('[data-brand]').first().getAttribute('data-brand')).toBe('acme_army_bot');
    // Bots of one's own are the platform's business, not the client's members'.
    expect(await byTestId(member.app, 'open-bots').count()).toBe(0);
    await member.screenshot('whitelabel-home');
    await byTestId(member.app, 'open-link-x').click();
    await view(member.app, 'link-x');
    const primary = '[data-testid="x-oauth"], [data-testid="x-bio-start"]';
    await member.app.locator(primary).first().waitFor();
    expect(await colorOf(member.app, primary)).toBe('rgb(255, 85, 0)');
    await member.screenshot('whitelabel-link-x');

    // The same view from the platform's bot keeps Telegram's theme: the colour is the client's, not a default.
    const plain = await open(ann);
    await view(plain.app, 'home');
    expect(await byTestId(plain.app, 'brand-header').count()).toBe(0);
    await byTestId(plain.app, 'open-link-x').click();
    await view(plain.app, 'link-x');
    await plain.app.locator(primary).first().waitFor();
    expect(await colorOf(plain.app, primary)).not.toBe('rgb(255, 85, 0)');

    // The client's app with initData signed by the main bot's token (a launch forged from another bot) is
    // refused: the app asks to be opened again from the bot, and shows nobody's data.
    const forged = await plain.context.newPage();
    await forged.goto(t.emulator.webAppUrl(t.bot.id, ann, `${t.platform.url}/app/?bot=${acme.id}`));
    const frame = await (await forged.waitForSelector('iframe#app')).contentFrame();
    await frame!.locator('[data-testid="error"]').waitFor({ timeout: 20_000 });
    expect(await frame!.locator('[data-testid="retry"]').count()).toBe(0);
    expect(await frame!.locator('[data-view="home"] [data-testid^="group-"]').count()).toBe(0);
  });
});
