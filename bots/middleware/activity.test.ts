import { describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import type { WarhornContext } from '../context.js';
import { createMetrics } from '../../services/platform/metrics.js';
import { silentLogger } from '../../services/platform/logger.js';
import { countActivity } from './activity.js';

const group = { id: -100, type: 'supergroup', title: 'G' } as const;
const member = { id: 7, is_bot: false, first_name: 'M' };

async function run(message: Partial<Message> | undefined, countMessage: (chatId: number, userId: number) => Promise<void>) {
  const counted: Array<[number, number]> = [];
  let nextCalled = false;
  const ctx = {
    update: { update_id: 1, ...(message ? { message: { message_id: 1, date: 0, chat: group, from: member, ...message } } : {}) },
    log: silentLogger(),
  } as unknown as WarhornContext;
  const analytics = { countMessage: (c: number, u: number) => (counted.push([c, u]), countMessage(c, u)) };
  await countActivity({ analytics, metrics: createMetrics({ defaults: false }) })(ctx, async () => {
    nextCalled = true;
  });
  return { counted, nextCalled };
}
const ok = async () => {};

describe('countActivity', () => {
  it('counts what members write in groups, commands included', async () => {
    expect((await run({ text: 'gm' }, ok)).counted).toEqual([[-100, 7]]);
    expect((await run({ text: '/leaderboard', entities: [{ type: 'bot_command', offset: 0, length: 12 }] }, ok)).counted).toEqual([[-100, 7]]);
    expect((await run({ sticker: {} as Message['sticker'] }, ok)).counted).toHaveLength(1);
  });

  it('leaves out service messages, bots, channels speaking in the group, private chats and other updates', async () => {
    const cases: Array<Partial<Message> | undefined> = [
      { new_chat_members: [member] },
      { pinned_message: { message_id: 2, date: 0, chat: group } as Message['pinned_message'] },
      { text: 'beep', from: { id: 8, is_bot: true, first_name: 'B' } },
      { text: 'post', sender_chat: { id: -200, type: 'channel', title: 'C' } },
      { text: 'post', is_automatic_forward: true },
      { text: 'hi', chat: { id: 7, type: 'private', first_name: 'M' } },
      undefined,
    ];
    for (const message of cases) {
      const { counted, nextCalled } = await run(message, ok);
      expect(counted).toEqual([]);
      expect(nextCalled).toBe(true);
    }
  });

  it('never holds up or fails the update when counting fails', async () => {
    const { counted, nextCalled } = await run({ text: 'gm' }, () => Promise.reject(new Error('redis down')));
    expect(counted).toHaveLength(1);
    expect(nextCalled).toBe(true);
    const hanging = await run({ text: 'gm' }, () => new Promise(() => {}));
    expect(hanging.nextCalled).toBe(true);
  });
});
