import { describe, expect, it } from 'vitest';
import { QueryFailedError } from 'typeorm';
import { BotError, Composer } from 'grammy';
import type { WarhornContext } from '../context.js';
import { createMetrics, type Registry } from '../../services/platform/metrics.js';
import { silentLogger } from '../../services/platform/logger.js';
import { politeErrors } from './errors.js';
import { realPgConnectionError } from '../../test/support/real-errors.js';

const chat = { id: -100, type: 'supergroup', title: 'G' } as const;
const member = { id: 7, is_bot: false, first_name: 'M' };

// The handler of the registry its context was made with, so each case counts on its own.
const metricsOf = new WeakMap<WarhornContext, Registry>();
const politeErrorHandler = (error: BotError<WarhornContext>) => politeErrors(metricsOf.get(error.ctx)!)(error);

/** What the handler touches of a context: sends and answers are recorded, never performed. */
function fakeContext(options: { callbackQuery?: boolean } = {}) {
  const sent: unknown[] = [];
  const answered: unknown[] = [];
  const metrics = createMetrics({ defaults: false });
  const message = { message_id: 42, date: 0, chat, from: member, text: '/raid' };
  const ctx = {
    me: { id: 555, is_bot: true, first_name: 'Warhorn', username: 'warhorn_bot' },
    update: { update_id: 1, ...(options.callbackQuery ? {} : { message }) },
    message: options.callbackQuery ? undefined : message,
    chat,
    callbackQuery: options.callbackQuery ? { id: 'q1', from: member, chat_instance: 'c', data: 'raided' } : undefined,
    log: silentLogger(),
    send: async (outgoing: unknown) => {
      sent.push(outgoing);
      return 'outbox-1';
    },
    answerCallbackQuery: async (answer: unknown) => {
      answered.push(answer);
      return true;
    },
  } as unknown as WarhornContext;
  metricsOf.set(ctx, metrics);
  return { ctx, sent, answered, metrics };
}

async function counted(metrics: Registry, name: string): Promise<number> {
  const metric = metrics.getSingleMetric(name);
  if (!metric) return 0;
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

describe('politeErrorHandler', () => {
  it('gives an infrastructure failure back (so the update is redelivered) without answering anyone', async () => {
    const refused = await realPgConnectionError();
    const wrapped = new QueryFailedError('insert into groups.groups ...', [], refused);
    for (const callbackQuery of [false, true]) {
      const { ctx, sent, answered, metrics } = fakeContext({ callbackQuery });
      await expect(politeErrorHandler(new BotError(wrapped, ctx))).rejects.toBe(wrapped);
      expect(sent).toEqual([]);
      expect(answered).toEqual([]);
      expect(await counted(metrics, 'warhorn_bot_updates_retried_total')).toBe(1);
    }
  });

  it('answers a handler bug politely and swallows it', async () => {
    const { ctx, sent, metrics } = fakeContext();
    await expect(politeErrorHandler(new BotError(new TypeError("Cannot read properties of undefined (reading 'id')"), ctx))).resolves.toBeUndefined();
    expect(sent).toEqual([{ text: expect.stringMatching(/^Sorry, something went wrong/), replyTo: 42 }]);
    expect(await counted(metrics, 'warhorn_bot_errors_total')).toBe(1);
    expect(await counted(metrics, 'warhorn_bot_updates_retried_total')).toBe(0);

    const press = fakeContext({ callbackQuery: true });
    await politeErrorHandler(new BotError(new TypeError('bug'), press.ctx));
    expect(press.answered).toEqual([{ text: expect.stringMatching(/^Sorry/), show_alert: true }]);
    expect(press.sent).toEqual([]);
  });

  it('lets an infrastructure failure out of a grammY error boundary, and keeps a bug inside it', async () => {
    const refused = await realPgConnectionError();
    const run = async (failure: Error) => {
      const composer = new Composer<WarhornContext>();
      composer.errorBoundary(politeErrorHandler).use(() => {
        throw failure;
      });
      const { ctx, sent } = fakeContext();
      let after = false;
      const outcome = composer.middleware()(ctx, async () => {
        after = true;
      });
      return { outcome, sent, after: () => after };
    };

    const down = await run(refused);
    await expect(down.outcome).rejects.toBe(refused);
    expect(down.sent).toEqual([]);

    const bug = await run(new TypeError('bug'));
    await expect(bug.outcome).resolves.toBeUndefined();
    expect(bug.sent).toHaveLength(1);
    expect(bug.after()).toBe(false);
  });
});
