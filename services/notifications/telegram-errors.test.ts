import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { classifyTelegramError } from './telegram-errors.js';

const apiError = (error_code: number, description: string, parameters: Record<string, number> = {}) =>
  new GrammyError('call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('classifyTelegramError', () => {
  it('waits retry_after on 429 without calling it a failure', () => {
    expect(classifyTelegramError(apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toEqual({
      kind: 'throttled',
      retryAfterMs: 7000,
      reason: '429: Too Many Requests: retry after 7',
    });
  });

  it('gives up at once on a revoked token and on a bot the registry no longer serves', () => {
    expect(classifyTelegramError(apiError(401, 'Unauthorized'))).toMatchObject({ kind: 'final', label: 'unauthorized' });
    const notServed = Object.assign(new Error('bot 7000000001 is disabled'), { name: 'BotNotServedError' });
    expect(classifyTelegramError(notServed)).toEqual({ kind: 'final', reason: 'bot 7000000001 is disabled', label: 'bot_not_served' });
  });

  it('gives up at once on a user who blocked the bot, with the reason', () => {
    expect(classifyTelegramError(apiError(403, 'Forbidden: bot was blocked by the user'))).toEqual({
      kind: 'final',
      reason: '403: Forbidden: bot was blocked by the user',
      label: 'blocked',
    });
    expect(classifyTelegramError(apiError(400, 'Bad Request: chat not found'))).toMatchObject({
      kind: 'final',
      label: 'chat_not_found',
    });
    expect(classifyTelegramError(apiError(403, 'Forbidden: bot was kicked from the supergroup chat'))).toMatchObject({
      kind: 'final',
      label: 'kicked',
    });
  });

  it('follows a group that became a supergroup', () => {
    expect(
      classifyTelegramError(apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 })),
    ).toMatchObject({ kind: 'migrated', chatId: -1001234 });
  });

  it('retries server and network errors', () => {
    expect(classifyTelegramError(apiError(502, 'Bad Gateway'))).toMatchObject({ kind: 'transient', label: 'server_error' });
    expect(classifyTelegramError(new HttpError("Network request for 'sendMessage' failed!", new Error('ECONNRESET')))).toMatchObject({
      kind: 'transient',
      label: 'network',
    });
  });
});
