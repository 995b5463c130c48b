// The ways into the Mini App a person meets in Telegram: the bot's menu button, the "Open dashboard" button
// under /start in private, and in a group a t.me link under /settings that opens that group's view (web_app
// buttons are for private chats only). Without an HTTPS address there is no button at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStartParam } from '../../miniapp/shared/start-param.js';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';

type Button = { text: string; url?: string; web_app?: { url: string } };
const buttons = (m: { reply_markup?: { inline_keyboard: Button[][] } }) => m.reply_markup?.inline_keyboard.flat() ?? [];

describe('opening the Mini App from Telegram', () => {
  let t: TestPlatform;
  const appUrl = 'https://warhorn.example/app/';
  beforeAll(async () => {
    t = await startTestPlatform({ env: { MINIAPP_URL: appUrl } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('sets the bot menu button to the app, naming the bot the app was opened from', async () => {
    const button = await eventually(() => {
      const b = t.emulator.menuButton(t.bot.id);
      return b.type === 'web_app' ? b : null;
    }, 'the menu button to be set');
    expect(button).toEqual({ type: 'web_app', text: 'Dashboard', web_app: { url: `${appUrl}?bot=${t.bot.id}` } });
  });

  it('offers the dashboard under /start in private', async () => {
    const ivy = t.emulator.createUser({ firstName: 'Ivy' });
    await t.emulator.startBot(ivy.id, t.bot.id);
    const welcome = await t.emulator.waitForMessage(ivy.id, (m) => /Hi Ivy/.test(m.text ?? ''), 15_000);
    expect(buttons(welcome)).toEqual([{ text: '📊 Open dashboard', web_app: { url: `${appUrl}?bot=${t.bot.id}` } }]);
  });

  it('links a group\'s admins from /settings to that group\'s view, and the link names that view', async () => {
    const owner = uid(t.emulator.createUser({ firstName: 'Otto', username: 'otto_app' }).id);
    const group = cid(t.emulator.createGroup({ title: 'Dash Club', type: 'supergroup', ownerId: owner }).id);
    t.emulator.addBotToGroup(group, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(group))?.active, 'the group to register');
    t.emulator.sendMessage(owner, group, '/settings');
    const card = await t.emulator.waitForMessage(group, (m) => /Settings of Dash Club/.test(m.text ?? ''), 15_000);
    const [link] = buttons(card);
    expect(link).toMatchObject({ text: '📊 Open dashboard' });
    const url = new URL(link!.url!);
    expect(`${url.origin}${url.pathname}`).toBe(`https://t.me/${t.bot.username}`);
    expect(decodeStartParam(url.searchParams.get('startapp'))).toEqual({ view: 'group', chatId: group });
  });
});

describe('a platform without an HTTPS address', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('keeps the commands menu and sends /start without a dashboard button (Telegram would refuse it)', async () => {
    const pia = t.emulator.createUser({ firstName: 'Pia' });
    await t.emulator.startBot(pia.id, t.bot.id);
    const welcome = await t.emulator.waitForMessage(pia.id, (m) => /Hi Pia/.test(m.text ?? ''), 15_000);
    expect(buttons(welcome)).toEqual([]);
    expect(t.emulator.menuButton(t.bot.id)).toEqual({ type: 'commands' });
  });
});
