import { describe, expect, it } from 'vitest';
import { Api, Composer, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { OutgoingText, WarhornContext } from '../context.js';
import { ADMINS_ONLY } from '../texts.js';
import { adminsOnly } from './admins-only.js';
import { cid } from '../../services/platform/telegram-ids.test-support.js';

const me = { id: 1, is_bot: true, first_name: 'Warhorn', username: 'warhorn_bot' } as UserFromGetMe;
const group = { id: -100, type: 'supergroup' as const, title: 'G' };
const ADMIN = 5;
const MEMBER = 6;

const command = (from: number): Update => ({
  update_id: 1,
  message: { message_id: 77, date: 0, text: '/set x 1', chat: group, from: { id: from, is_bot: false, first_name: 'M' }, entities: [{ type: 'bot_command', offset: 0, length: 4 }] },
});
const press = (from: number, chat = group): Update => ({
  update_id: 2,
  callback_query: {
    id: 'q', chat_instance: 'c', data: 'x', from: { id: from, is_bot: false, first_name: 'M' },
    message: { message_id: 78, date: 0, chat, from: me, text: 'card' },
  },
});

// A real grammY context for one update; the admin list, ctx.send and the callback answer are recorded.
async function run(update: Update, middleware: (groups: { isAdmin(chatId: number, userId: number): Promise<boolean> }) => ReturnType<typeof adminsOnly>) {
  const asked: Array<[number, number]> = [];
  const groups = { isAdmin: async (chatId: number, userId: number) => (asked.push([chatId, userId]), chatId === group.id && userId === ADMIN) };
  const ctx = new Context(update, new Api('0:test'), me);
  const sent: OutgoingText[] = [];
  const answered: unknown[] = [];
  Object.assign(ctx, {
    send: async (m: OutgoingText) => (sent.push(m), 'id'),
    answerCallbackQuery: async (a: unknown) => (answered.push(a), true),
  });
  let handled = false;
  const composer = new Composer<WarhornContext>();
  composer.use(middleware(groups), () => void (handled = true));
  await composer.middleware()(ctx as unknown as WarhornContext, async () => {});
  return { asked, sent, answered, handled };
}

describe('adminsOnly', () => {
  it('lets an admin of the chat through, and answers nobody', async () => {
    const r = await run(command(ADMIN), (g) => adminsOnly(g));
    expect(r).toEqual({ asked: [[group.id, ADMIN]], sent: [], answered: [], handled: true });
  });

  it('answers a command from anyone else with one reply, and stops there', async () => {
    const r = await run(command(MEMBER), (g) => adminsOnly(g));
    expect(r.handled).toBe(false);
    expect(r.sent).toEqual([{ text: ADMINS_ONLY, replyTo: 77 }]);
    expect(r.answered).toEqual([]);
  });

  it('answers a button press from anyone else with an alert, not a message', async () => {
    const r = await run(press(MEMBER), (g) => adminsOnly(g));
    expect(r.handled).toBe(false);
    expect(r.answered).toEqual([{ text: ADMINS_ONLY, show_alert: true }]);
    expect(r.sent).toEqual([]);
  });

  it('asks about the group it is given, whatever chat the button was pressed in', async () => {
    const dm = { id: ADMIN, type: 'private' as const, first_name: 'A' };
    const r = await run(press(ADMIN, dm as never), (g) => adminsOnly(g, () => cid(group.id)));
    expect(r.asked).toEqual([[group.id, ADMIN]]);
    expect(r.handled).toBe(true);
    const refused = await run(press(ADMIN, dm as never), (g) => adminsOnly(g));
    expect(refused.asked).toEqual([[ADMIN, ADMIN]]);
    expect(refused.handled).toBe(false);
  });

  it('uses one wording, the one the shared texts hold', () => {
    expect(ADMINS_ONLY).toBe('Sorry, only admins of this group can do that.');
  });
});
