import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBioButton } from '../../bots/features/link-x/callback-data.js';
import type { FakeBrowser } from '../../testkit/x/index.js';
import { privateChats, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';

const CHECK_BIO_DATA = checkBioButton.build();

// A member links their X account: /linkx in private (OAuth button or bio code), the Check button, the page X
// sends them back to, and the confirmation in private. All through the Telegram emulator, the X fake and the
// platform's own api role.
describe('linking an X account', () => {
  let t: TestPlatform;
  /** The bot's messages in each member's private chat, each read once. */
  let chats: ReturnType<typeof privateChats>;

  beforeAll(async () => {
    t = await startTestPlatform();
    chats = privateChats(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const dm = (userId: number) => chats.dm(userId);
  const botSays = (userId: number, pattern: RegExp) => chats.botSays(userId, pattern);
  const buttons = (m: { reply_markup?: { inline_keyboard: Array<Array<{ text: string; url?: string; callback_data?: string }>> } }) =>
    m.reply_markup?.inline_keyboard.flat() ?? [];
  const person = async (name: string, username?: string) => {
    const user = t.emulator.createUser({ firstName: name, ...(username ? { username } : {}) });
    await t.emulator.startBot(user.id, t.bot.id);
    await botSays(user.id, /Hi /);
    return uid(user.id);
  };
  /** A member who linked an X account earlier (how is the other cases' business). */
  const holder = async (tgName: string, xUsername: string) => {
    const tg = uid(t.emulator.createUser({ firstName: tgName }).id);
    const x = t.x.createUser({ username: xUsername });
    await t.platform.users.touch({ id: tg, first_name: tgName }, t.bot.id);
    expect(await t.platform.users.linkXAccount(tg, x, 'oauth')).toMatchObject({ ok: true });
    return x;
  };
  const openCallback = (back: URL) => fetch(`${t.platform.url}${back.pathname}${back.search}`);
  const linkButton = (m: Parameters<typeof buttons>[0]) => buttons(m).find((b) => b.text === 'Link with X')!.url!;
  /** A browser follows a "Link with X" button as far as X's authorize page: the address someone could pass on. */
  async function authorizeAddress(browser: FakeBrowser, url: string): Promise<URL> {
    let next = new URL(url);
    for (let hop = 0; next.origin !== new URL(t.x.apiRoot).origin; hop++) {
      const answer = await browser.open(next, { redirects: 0 });
      if (!answer.location || hop > 3) throw new Error(`${next.pathname} answered ${answer.status} without leading to X`);
      next = answer.location;
    }
    return next;
  }

  it('/linkx offers a "Link with X" button; approving on X links the account, names both accounts on the page and says so in private', async () => {
    const ana = await person('Ana', 'ana_tg');
    const x = t.x.createUser({ username: 'ana_on_x' });
    t.emulator.sendMessage(ana, t.bot.id, '/linkx');
    const offer = await botSays(ana, /Link your X account/);
    expect(offer.text).toMatch(/\/linkx @your_handle/); // the bio-code alternative is explained
    // The button opens our own first hop, which ties the link to this browser and sends it on to X.
    const link = linkButton(offer);
    expect(link.startsWith(`${t.platform.url}/x/oauth/start?`)).toBe(true);
    const browser = t.x.browser();
    const hop = await browser.open(link, { redirects: 0 });
    expect(hop.status).toBe(302);
    expect(hop.location?.href).toMatch(/\/i\/oauth2\/authorize\?/);
    const cookie = String(hop.headers['set-cookie']);
    expect(cookie).toMatch(/^warhorn_x_link=[A-Za-z0-9_-]{43}; Path=\/x\/oauth; Max-Age=\d+; HttpOnly; SameSite=Lax$/); // no Secure over http
    expect(hop.headers['cache-control']).toBe('no-store');

    t.x.approveNextAuthorization(x.id);
    const page = await browser.open(hop.location!);
    expect(page.url.origin + page.url.pathname).toBe(`${t.platform.url}/x/oauth/callback`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Linked @ana_on_x to the Telegram account Ana (@ana_tg). You can close this page.');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(browser.cookiesFor(page.url)).toEqual({}); // the nonce is spent
    await botSays(ana, /@ana_on_x is now linked/);
    expect(await t.platform.users.xAccountOf(ana)).toMatchObject({ username: 'ana_on_x', method: 'oauth' });
  });

  it('refuses an account another member holds, a replayed link, a cancel and a broken address', async () => {
    await holder('Hal', 'hal_on_x');
    const ben = await person('Ben');
    await t.emulator.startBot(ben, t.bot.id, 'linkx'); // the deep link from a group lands on the same offer
    const offer = await botSays(ben, /Link your X account/);
    const browser = t.x.browser();
    const url = await authorizeAddress(browser, linkButton(offer));
    url.searchParams.set('approve_as', 'hal_on_x');
    const refused = await browser.open(url);
    expect(refused.status).toBe(409);
    expect(refused.text).toMatch(/already linked to another member/);
    await botSays(ben, /already linked to another member/);
    expect(await t.platform.users.xAccountOf(ben)).toBeNull();

    expect((await browser.open(refused.url)).status).toBe(410); // the same link a second time
    const denied = await fetch(`${t.platform.url}/x/oauth/callback?error=access_denied&state=abc`);
    expect(await denied.text()).toMatch(/You cancelled on X/);
    const missing = await fetch(`${t.platform.url}/x/oauth/callback?state=abc`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/missing its &quot;code&quot; parameter/);
  });

  it("links nothing when an attacker's link is finished in someone else's browser, and says why", async () => {
    const mal = await person('Mal', 'mal_tg');
    const vic = await person('Vic', 'vic_tg');
    const vicX = t.x.createUser({ username: 'vic_on_x' });
    // Mal follows her own button as far as X and sends Vic that address: on X, Vic approves as himself.
    t.emulator.sendMessage(mal, t.bot.id, '/linkx');
    const lure = await authorizeAddress(t.x.browser(), linkButton(await botSays(mal, /Link your X account/)));
    const vicBrowser = t.x.browser();
    t.x.approveNextAuthorization(vicX.id);
    const page = await vicBrowser.open(lure);
    expect(page.url.pathname).toBe('/x/oauth/callback');
    expect(page.status).toBe(403);
    expect(page.text).toMatch(/Nothing was linked: this page was opened in another browser than the one that started the link/);
    expect(page.text).toMatch(/If someone sent you this link, do not use it/);
    expect(await t.platform.users.xAccountOf(mal)).toBeNull();
    await botSays(mal, /finished in another browser/);

    // A browser carrying a link cookie of its own (Vic started his own link) is still not Mal's.
    t.emulator.sendMessage(vic, t.bot.id, '/linkx');
    await authorizeAddress(vicBrowser, linkButton(await botSays(vic, /Link your X account/)));
    t.emulator.sendMessage(mal, t.bot.id, '/linkx');
    const offer = await botSays(mal, /Link your X account/);
    const second = await authorizeAddress(t.x.browser(), linkButton(offer));
    // The button itself, once Mal's browser opened it, does not open in Vic's either.
    const forwarded = await vicBrowser.open(linkButton(offer));
    expect(forwarded.status).toBe(409);
    expect(forwarded.text).toMatch(/already opened in another browser/);
    t.x.approveNextAuthorization(vicX.id);
    expect((await vicBrowser.open(second)).status).toBe(403);
    expect(await t.platform.users.xAccountOf(mal)).toBeNull();
  });

  it('gives a bio code with a Check button and links once the code is in the bio, once', async () => {
    const cy = await person('Cy');
    const x = t.x.createUser({ username: 'cy_on_x', bio: 'just vibes' });
    t.emulator.sendMessage(cy, t.bot.id, '/linkx @cy_on_x');
    const instructions = await botSays(cy, /warhorn-/);
    const code = /(warhorn-[a-z0-9]+)/.exec(instructions.text ?? '')?.[1];
    expect(code).toBeDefined();
    expect(instructions.text).toMatch(/bio of @cy_on_x/);
    expect(buttons(instructions)).toEqual([expect.objectContaining({ text: 'Check', callback_data: CHECK_BIO_DATA })]);

    const press = async () => (await t.emulator.pressButton(cy, dm(cy), instructions.message_id, CHECK_BIO_DATA)).answer?.text;
    expect(await press()).toMatch(/not in the bio yet/);
    await botSays(cy, /not in @cy_on_x's bio yet/);
    expect(await t.platform.users.xAccountOf(cy)).toBeNull();

    t.x.setBio(x.id, `just vibes ${code}`);
    expect(await press()).toBe('Linked @cy_on_x');
    await botSays(cy, /@cy_on_x is now linked/);
    expect(await t.platform.users.xAccountOf(cy)).toMatchObject({ username: 'cy_on_x', method: 'bio' });
    expect(await press()).toMatch(/no linking code waiting/); // the code worked once
  });

  it('tells a second member that the X account belongs to someone else', async () => {
    await holder('Fay', 'fay_on_x');
    const dee = await person('Dee');
    t.emulator.sendMessage(dee, t.bot.id, '/linkx fay_on_x');
    const instructions = await botSays(dee, /warhorn-/);
    t.x.setBio('fay_on_x', /(warhorn-[a-z0-9]+)/.exec(instructions.text ?? '')![1]!);
    const pressed = await t.emulator.pressButton(dee, dm(dee), instructions.message_id, CHECK_BIO_DATA);
    expect(pressed.answer?.text).toBe('That X account belongs to another member.');
    await botSays(dee, /@fay_on_x is already linked to another member/);
  });

  it('answers bad input with the usage, and a group with a link to the private chat', async () => {
    const eve = await person('Eve');
    t.emulator.sendMessage(eve, t.bot.id, '/linkx not a handle!');
    await botSays(eve, /does not look like an X handle[\s\S]*\/linkx @your_handle/);

    const group = cid(t.emulator.createGroup({ title: 'Moon <Club>', type: 'supergroup', ownerId: eve }).id);
    t.emulator.addBotToGroup(group, t.bot.id, eve, { admin: true });
    t.emulator.sendMessage(eve, group, '/linkx');
    const pointer = await t.emulator.waitForMessage(group, (m) => m.from?.id === t.bot.id && /in a private chat with me/.test(m.text ?? ''), 15_000);
    expect(buttons(pointer)[0]?.url).toBe(`https://t.me/${t.bot.username}?start=linkx`);
    expect(pointer.entities?.some((e) => e.url === `https://t.me/${t.bot.username}?start=linkx`)).toBe(true);
  });
});
