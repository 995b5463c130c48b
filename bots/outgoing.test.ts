import { describe, expect, it } from 'vitest';
import { InlineKeyboard } from 'grammy';
import type { OutboxMessage } from '../services/notifications/index.js';
import type { Tx } from '../services/platform/database.js';
import { outboxMessage, queueMessages, type Outbox } from './outgoing.js';
import { cid } from '../services/platform/telegram-ids.test-support.js';

describe('outboxMessage', () => {
  it('writes a text as HTML without link previews, with its buttons and the message it answers', () => {
    const buttons = new InlineKeyboard().text('Check', 'linkx:check');
    expect(outboxMessage(1, cid(-100), { text: '<b>hi</b>', replyTo: 7, buttons })).toEqual({
      botId: 1,
      chatId: cid(-100),
      method: 'sendMessage',
      payload: {
        text: '<b>hi</b>',
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: buttons,
        reply_parameters: { message_id: 7, allow_sending_without_reply: true },
      },
    });
    expect(outboxMessage(1, cid(5), { text: 'plain' }).payload).toEqual({ text: 'plain', parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  it('writes a document as an inline file the outbox uploads when it sends it', () => {
    expect(outboxMessage(1, cid(5), { document: { filename: 'a.csv', text: 'x,y\n' }, caption: '<b>Board</b>' })).toEqual({
      botId: 1,
      chatId: cid(5),
      method: 'sendDocument',
      payload: { document: { inline: { filename: 'a.csv', text: 'x,y\n' } }, caption: '<b>Board</b>', parse_mode: 'HTML' },
    });
  });
});

describe('queueMessages', () => {
  const outbox = () => {
    const calls: Array<[string, unknown, OutboxMessage[]]> = [];
    const o: Outbox = {
      enqueue: async (tx, m) => (calls.push(['enqueue', tx, [m]]), 'a'),
      enqueueNow: async (m) => (calls.push(['enqueueNow', null, [m]]), 'b'),
      enqueueMany: async (tx, ms) => (calls.push(['enqueueMany', tx, [...ms]]), ms.map((_, i) => `m${i}`)),
      enqueueManyNow: async (ms) => (calls.push(['enqueueManyNow', null, [...ms]]), ms.map((_, i) => `n${i}`)),
    };
    return { o, calls };
  };

  it('queues one message at once, several together in one statement, and in the caller’s transaction when given', async () => {
    const one = outbox();
    expect(await queueMessages(one.o, 1, cid(-100), [{ text: 'a' }])).toEqual(['b']);
    expect(one.calls.map((c) => [c[0], c[2].map((m) => m.chatId)])).toEqual([['enqueueNow', [-100]]]);

    const two = outbox();
    expect(await queueMessages(two.o, 1, cid(-100), [{ document: { filename: 'f', text: '' }, chatId: cid(5) }, { text: 'note' }])).toEqual(['n0', 'n1']);
    expect(two.calls.map((c) => [c[0], c[2].map((m) => [m.method, m.chatId])])).toEqual([['enqueueManyNow', [['sendDocument', 5], ['sendMessage', -100]]]]);

    const tx = {} as Tx;
    const inTx = outbox();
    await queueMessages(inTx.o, 1, cid(-100), [{ text: 'a' }], tx);
    expect(inTx.calls.map((c) => [c[0], c[1] === tx])).toEqual([['enqueueMany', true]]);
  });

  it('refuses a message with nowhere to go, before queueing anything', async () => {
    const none = outbox();
    expect(() => queueMessages(none.o, 1, undefined, [{ text: 'x', chatId: cid(5) }, { text: 'y' }])).toThrow(/no chat/);
    expect(none.calls).toEqual([]);
  });
});
