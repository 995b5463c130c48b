// Debian's Chromium driven by playwright-core (no downloaded browsers: .ci/run installs the `chromium`
// package), opening the Mini App the way Telegram Web does: the emulator's host page frames the app with
// signed initData in the launch hash, and plays Telegram's main and back buttons.
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { WebAppTheme } from '../../testkit/telegram/web-app-host.js';
import type { TestPlatform } from './platform.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = 'test-artifacts/screenshots';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox: CI runs as root in a container. The rest keeps a headless run quiet and off the network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One person's Telegram: the host page with the app in its frame. */
export interface OpenedApp {
  page: Page;
  context: BrowserContext;
  /** The Mini App's own frame (where its buttons and views are). */
  app: Frame;
  /** Presses Telegram's main button (the host page's, as a person would). */
  pressMainButton(): Promise<void>;
  pressBackButton(): Promise<void>;
  /** Presses a button of the popup the app opened (Telegram's, drawn by the host page), by its id. */
  answerPopup(buttonId: string): Promise<void>;
  /** What the app asked Telegram for (web_app_* events), oldest first. */
  events(): Promise<Array<{ type: string; data: unknown }>>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens the platform's Mini App as `userId`, from the platform's bot (or the white-label bot `botId`: its
 * initData signed with that bot's token, as Telegram does), in a phone-sized window. */
export async function openMiniApp(
  browser: Browser,
  t: TestPlatform,
  userId: number,
  options: { theme?: WebAppTheme; startParam?: string; chatId?: number; botId?: number } = {},
): Promise<OpenedApp> {
  const theme = options.theme ?? 'light';
  const context = await browser.newContext({ viewport: { width: 420, height: 860 }, deviceScaleFactor: 1, colorScheme: theme, locale: 'en-US' });
  const page = await context.newPage();
  const botId = options.botId ?? t.bot.id;
  const appUrl = `${t.platform.url}/app/?bot=${botId}`;
  await page.goto(t.emulator.webAppUrl(botId, userId, appUrl, { theme, ...(options.startParam ? { startParam: options.startParam } : {}), ...(options.chatId ? { chatId: options.chatId } : {}) }));
  const handle = await page.waitForSelector('iframe#app');
  const app = await handle.contentFrame();
  if (!app) throw new Error('the host page has no app frame');
  await app.waitForLoadState('domcontentloaded');
  return {
    page,
    context,
    app,
    pressMainButton: () => page.click('#main-button'),
    pressBackButton: () => page.click('#back-button'),
    // Runs in the page: the host page keeps what the app sent in window.__telegram (web-app-host.ts).
    events: () => page.evaluate(() => (globalThis as unknown as { __telegram: { events: Array<{ type: string; data: unknown }> } }).__telegram.events),
    answerPopup: (buttonId) => page.click(`#popup [data-popup-button="${buttonId}"]`),
    async screenshot(name) {
      await mkdir(SCREENSHOTS, { recursive: true });
      const path = `${SCREENSHOTS}/${name}-${theme}.png`;
      await page.screenshot({ path });
      return path;
    },
    close: () => context.close(),
  };
}

/** A view of the app, by the name its root carries (components/view.tsx). */
export const view = (app: Frame, name: string) => app.waitForSelector(`[data-view="${name}"]`, { timeout: 20_000 });
export const byTestId = (app: Frame, id: string) => app.locator(`[data-testid="${id}"]`);

/** A browser test file's world: the platform `start` makes, one Chromium, and every app opened, all closed
 * after the file. `open` is openMiniApp on that platform. */
export function browserSuite(start: () => Promise<TestPlatform>): { open(userId: number, options?: Parameters<typeof openMiniApp>[3]): Promise<OpenedApp> } {
  let t: TestPlatform | undefined;
  let browser: Browser | undefined;
  const opened: OpenedApp[] = [];
  beforeAll(async () => {
    t = await start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const app of opened) await app.close().catch(() => undefined);
    await browser?.close();
    await t?.stop();
  });
  return {
    async open(userId, options) {
      if (!t || !browser) throw new Error('browserSuite: open() before the suite started');
      const app = await openMiniApp(browser, t, userId, options);
      opened.push(app);
      return app;
    },
  };
}
