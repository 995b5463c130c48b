// The Bot API surface as grammY sees it: shapes, validation errors, private chat rules, documents.
import { Api, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type EmuBot, type EmuUser, type TelegramEmulator } from './index.js';

let emu: TelegramEmulator;
let bot: EmuBot;
let ann: EmuUser;
let api: Api;

beforeAll(async () => {
  emu = await startTelegramEmulator({ floodLimits: false });
  bot = emu.createBot({ username: 'warhorn_test_bot', firstName: 'Warhorn' });
  ann = emu.createUser({ firstName: 'Ann', username: 'ann' });
  api = new Api(bot.token, { apiRoot: emu.apiRoot });
  await emu.startBot(ann.id, bot.id);
});
afterAll(() => emu.close());

const call = (path: string, init?: RequestInit) => fetch(`${emu.apiRoot}${path}`, init);

describe('transport', () => {
  it('answers getMe for the token, whose numeric part is the bot id', async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ id: bot.id, is_bot: true, username: 'warhorn_test_bot', first_name: 'Warhorn', can_read_all_group_messages: false });
    expect(bot.token.split(':')[0]).toBe(String(bot.id));
    expect(bot.token.split(':')[1]).toHaveLength(35);
  });

  it('answers 401 Unauthorized for an unknown token and 404 Not Found for an unknown method', async () => {
    const bad = await call('/bot123:nope/getMe');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await call(`/bot${bot.token}/sendTelepathy`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('takes parameters from the query string and from urlencoded forms', async () => {
    const q = await call(`/bot${bot.token}/sendMessage?chat_id=${ann.id}&text=from%20query`);
    expect(((await q.json()) as { result: { text: string } }).result.text).toBe('from query');
    const form = await call(`/bot${bot.token}/sendMessage`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: String(ann.id), text: 'from form', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }) }),
    });
    const body = (await form.json()) as { ok: boolean; result: { text: string; reply_markup: unknown } };
    expect(body.result).toMatchObject({ text: 'from form', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
  });
});

describe('sendMessage and editing', () => {
  it('returns a Message with Telegram entities for HTML and auto-detected commands and links', async () => {
    const m = await api.sendMessage(ann.id, '<b>Raid</b> &amp; <a href="https://example.com">win</a> /join', { parse_mode: 'HTML' });
    expect(m.text).toBe('Raid & win /join');
    expect(m.chat).toEqual({ id: ann.id, type: 'private', first_name: 'Ann', username: 'ann' });
    expect(m.from).toMatchObject({ id: bot.id, is_bot: true });
    expect(m.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'text_link', offset: 7, length: 3, url: 'https://example.com/' },
      { type: 'bot_command', offset: 11, length: 5 },
    ]);
  });

  it.each([
    ['<p>x</p>', 'Unsupported start tag "p" at byte offset 0'],
    ['<b>x', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
  ])('rejects malformed HTML %s', async (html, reason) => {
    await expect(api.sendMessage(ann.id, html, { parse_mode: 'HTML' })).rejects.toMatchObject({
      error_code: 400, description: `Bad Request: can't parse entities: ${reason}`,
    });
  });

  it('rejects MarkdownV2 with unescaped reserved characters', async () => {
    await expect(api.sendMessage(ann.id, 'Done.', { parse_mode: 'MarkdownV2' })).rejects.toMatchObject({
      description: "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    });
    const ok = await api.sendMessage(ann.id, '*Done*\\.', { parse_mode: 'MarkdownV2' });
    expect(ok.entities).toEqual([{ type: 'bold', offset: 0, length: 4 }]);
  });

  it('rejects empty, too long texts and bad callback_data', async () => {
    await expect(api.sendMessage(ann.id, '  ')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: message text is empty' });
    await expect(api.sendMessage(ann.id, 'x'.repeat(4097))).rejects.toMatchObject({ description: 'Bad Request: message is too long' });
    await expect(api.sendMessage(ann.id, `<b>${'x'.repeat(4096)}</b>`, { parse_mode: 'HTML' })).resolves.toBeTruthy();
    const keyboard = (data: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: data }]] } });
    await expect(api.sendMessage(ann.id, 'x', keyboard('y'.repeat(65)))).rejects.toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
    await expect(api.sendMessage(ann.id, 'x', keyboard(''))).rejects.toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
  });

  it('edits text, refuses identical edits and unknown messages', async () => {
    const m = await api.sendMessage(ann.id, 'Pick', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    const edited = await api.editMessageText(ann.id, m.message_id, 'Picked', { reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] } });
    expect(edited).toMatchObject({ text: 'Picked', edit_date: expect.any(Number) });
    await expect(api.editMessageText(ann.id, m.message_id, 'Picked', { reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] } }))
      .rejects.toMatchObject({ description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message' });
    await expect(api.editMessageText(ann.id, 999999, 'x')).rejects.toMatchObject({ description: 'Bad Request: message to edit not found' });
    await api.editMessageReplyMarkup(ann.id, m.message_id, { reply_markup: { inline_keyboard: [] } });
    const shown = emu.messages(ann.id).find((x) => x.message_id === m.message_id)!;
    expect(shown).toMatchObject({ text: 'Picked', edited: true });
    expect(shown.reply_markup).toBeUndefined();
  });

  it('deletes messages so the chat no longer shows them', async () => {
    const m = await api.sendMessage(ann.id, 'temporary');
    await api.deleteMessage(ann.id, m.message_id);
    expect(emu.messages(ann.id).some((x) => x.message_id === m.message_id)).toBe(false);
    await expect(api.deleteMessage(ann.id, m.message_id)).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
  });
});

describe('private chats', () => {
  it('refuses users who never started the bot, users who blocked it, and unknown chats', async () => {
    const bob = emu.createUser({ firstName: 'Bob' });
    await expect(api.sendMessage(bob.id, 'hi')).rejects.toMatchObject({ error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" });
    await emu.startBot(bob.id, bot.id);
    await expect(api.sendMessage(bob.id, 'hi')).resolves.toBeTruthy();
    emu.blockBot(bob.id, bot.id);
    await expect(api.sendMessage(bob.id, 'hi')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(api.sendMessage(-999, 'hi')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
  });

  it('lets pressButton wait for answerCallbackQuery; a second answer is too old', async () => {
    const m = await api.sendMessage(ann.id, 'Vote', { reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'vote:yes' }]] } });
    const older = await api.getUpdates();
    if (older.length) await api.getUpdates({ offset: older.at(-1)!.update_id + 1 }); // confirm older updates
    const pressing = emu.pressButton(ann.id, bot.id, m.message_id, 'vote:yes');
    const [u] = await api.getUpdates({ timeout: 5, allowed_updates: ['callback_query'] });
    const q = u!.callback_query!;
    expect(q).toMatchObject({ data: 'vote:yes', from: { id: ann.id }, message: { message_id: m.message_id }, chat_instance: expect.any(String) });
    await api.answerCallbackQuery(q.id, { text: 'Counted', show_alert: true });
    expect(await pressing).toEqual({ callbackQueryId: q.id, answer: { text: 'Counted', show_alert: true } });
    await expect(api.answerCallbackQuery(q.id)).rejects.toMatchObject({
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    await api.getUpdates({ offset: u!.update_id + 1, allowed_updates: [] });
  });

  it('refuses a press with data no button carries, unless the test crafts it on purpose', async () => {
    const m = await api.sendMessage(ann.id, 'Vote', { reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'vote:yes' }]] } });
    await expect(emu.pressButton(ann.id, bot.id, m.message_id, 'vote:no')).rejects.toThrow(/has no button with callback_data "vote:no"/);
    const older = await api.getUpdates();
    if (older.length) await api.getUpdates({ offset: older.at(-1)!.update_id + 1 });
    const pressing = emu.pressButton(ann.id, bot.id, m.message_id, 'vote:no', { unchecked: true });
    const [u] = await api.getUpdates({ timeout: 5, allowed_updates: ['callback_query'] });
    expect(u!.callback_query).toMatchObject({ data: 'vote:no', message: { message_id: m.message_id } });
    await api.answerCallbackQuery(u!.callback_query!.id, { text: 'Not a choice' });
    expect((await pressing).answer).toEqual({ text: 'Not a choice' });
    await api.getUpdates({ offset: u!.update_id + 1, allowed_updates: [] });
  });
});

describe('documents and commands', () => {
  it('accepts a multipart upload from grammY and serves it back through getFile', async () => {
    const sent = await api.sendDocument(ann.id, new InputFile(Buffer.from('id,score\n1,10\n'), 'scores.csv'), { caption: '<i>Scores</i>', parse_mode: 'HTML' });
    expect(sent.document).toMatchObject({ file_name: 'scores.csv', mime_type: 'text/csv', file_size: 14 });
    expect(sent.caption_entities).toEqual([{ type: 'italic', offset: 0, length: 6 }]);
    const file = await api.getFile(sent.document!.file_id);
    const res = await fetch(`${emu.apiRoot}/file/bot${bot.token}/${file.file_path}`);
    expect(await res.text()).toBe('id,score\n1,10\n');
    const again = await api.sendDocument(ann.id, sent.document!.file_id);
    expect(again.document!.file_id).toBe(sent.document!.file_id);
    expect(emu.messages(ann.id).at(-1)!.document?.file_name).toBe('scores.csv');
  });

  it('stores commands and answers ok for menu button, close and logOut', async () => {
    await api.setMyCommands([{ command: 'raid', description: 'Start a raid' }]);
    expect(await api.getMyCommands()).toEqual([{ command: 'raid', description: 'Start a raid' }]);
    await expect(api.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toMatchObject({ error_code: 400 });
    await expect(api.setChatMenuButton({ menu_button: { type: 'commands' } })).resolves.toBe(true);
    await expect(api.close()).resolves.toBe(true);
    await expect(api.logOut()).resolves.toBe(true);
  });

  it('opens Mini Apps over HTTPS only, and web_app buttons only in private chats, as Telegram does', async () => {
    const app = { type: 'web_app', text: 'Dashboard', web_app: { url: 'https://app.example/app/?bot=1' } } as const;
    await api.setChatMenuButton({ menu_button: app });
    expect(emu.menuButton(bot.id, ann.id)).toEqual(app);
    await expect(api.setChatMenuButton({ menu_button: { ...app, web_app: { url: 'http://app.example/app/' } } }))
      .rejects.toMatchObject({ error_code: 400, description: expect.stringMatching(/Only HTTPS links are allowed/) });
    expect(emu.menuButton(bot.id)).toEqual(app);

    const button = (url: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'Open', web_app: { url } }]] } });
    const sent = await api.sendMessage(ann.id, 'Open it', button('https://app.example/app/'));
    expect(sent.reply_markup).toEqual(button('https://app.example/app/').reply_markup);
    await expect(api.sendMessage(ann.id, 'Open it', button('http://app.example/app/'))).rejects.toMatchObject({ error_code: 400 });
    const owner = emu.createUser({ firstName: 'Gus' });
    const group = emu.createGroup({ title: 'Web App Club', type: 'supergroup', ownerId: owner.id });
    emu.addBotToGroup(group.id, bot.id, owner.id, { admin: true });
    await expect(api.sendMessage(group.id, 'Open it', button('https://app.example/app/')))
      .rejects.toMatchObject({ error_code: 400, description: 'Bad Request: BUTTON_TYPE_INVALID' });
  });
});
