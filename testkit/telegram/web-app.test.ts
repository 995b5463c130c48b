// The emulator as the Telegram client that opens Mini Apps: initData signed exactly as Telegram signs it (the
// library the API trusts accepts it, for that bot's token only), and the Telegram Web page around the app.
import { isValid, parse, validate } from '@telegram-apps/init-data-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type EmuBot, type EmuUser, type TelegramEmulator } from './index.js';

let emu: TelegramEmulator;
let bot: EmuBot;
let other: EmuBot;
let ann: EmuUser;

beforeAll(async () => {
  emu = await startTelegramEmulator({ floodLimits: false });
  bot = emu.createBot({ username: 'warhorn_app_bot', firstName: 'Warhorn' });
  other = emu.createBot({ username: 'other_app_bot', firstName: 'Other' });
  ann = emu.createUser({ firstName: 'Ann', lastName: 'Lee', username: 'ann', languageCode: 'de' });
});
afterAll(() => emu.close());

describe('Mini App initData from the emulator', () => {
  it('validates against the opening bot\'s token with @telegram-apps/init-data-node, and only against it', () => {
    const raw = emu.webAppInitData(bot.id, ann.id, { startParam: 'g_-100123' });
    expect(() => validate(raw, bot.token, { expiresIn: 3600 })).not.toThrow();
    expect(isValid(raw, bot.token)).toBe(true);
    expect(isValid(raw, other.token)).toBe(false);
    const data = parse(raw);
    expect(data.user).toMatchObject({ id: ann.id, first_name: 'Ann', last_name: 'Lee', username: 'ann', language_code: 'de' });
    expect(data.start_param).toBe('g_-100123');
  });

  it('says which chat a group link was opened from, and a changed field breaks the signature', () => {
    const owner = emu.createUser({ firstName: 'Gus' });
    const group = emu.createGroup({ title: 'Club', type: 'supergroup', ownerId: owner.id, memberIds: [ann.id] });
    const raw = emu.webAppInitData(bot.id, ann.id, { chatId: group.id });
    const data = parse(raw);
    expect(data.chat_type).toBe('supergroup');
    expect(data.chat_instance).toMatch(/^-?\d+$/);
    const forged = new URLSearchParams(raw);
    forged.set('user', JSON.stringify({ ...JSON.parse(forged.get('user')!), id: owner.id }));
    expect(isValid(forged.toString(), bot.token)).toBe(false);
  });

  it('serves the Telegram Web page that opens the app with the launch parameters in the URL hash', async () => {
    const page = await fetch(emu.webAppUrl(bot.id, ann.id, 'http://127.0.0.1:9/app/?bot=1', { theme: 'dark', startParam: 'home' }));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const src = /<iframe id="app" title="Mini App" src="([^"]+)"/.exec(html)?.[1]?.replace(/&#38;/g, '&');
    expect(src).toBeDefined();
    const [base, hash] = src!.split('#');
    expect(base).toBe('http://127.0.0.1:9/app/?bot=1');
    const launch = new URLSearchParams(hash);
    expect(isValid(launch.get('tgWebAppData')!, bot.token)).toBe(true);
    expect(JSON.parse(launch.get('tgWebAppThemeParams')!)).toMatchObject({ bg_color: '#212121' });
    expect(launch.get('tgWebAppPlatform')).toBe('weba');
    expect(launch.get('tgWebAppStartParam')).toBe('home');
  });

  it('refuses to open an app for an unknown bot or person, or without the app\'s URL', async () => {
    expect((await fetch(`${emu.apiRoot}/webapp/1?user=${ann.id}&url=http://x/`)).status).toBe(404);
    expect((await fetch(`${emu.apiRoot}/webapp/${bot.id}?user=1&url=http://x/`)).status).toBe(400);
    expect((await fetch(`${emu.apiRoot}/webapp/${bot.id}?user=${ann.id}`)).status).toBe(400);
  });
});
