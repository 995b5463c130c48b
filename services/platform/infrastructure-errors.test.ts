import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { QueryFailedError } from 'typeorm';
import { Api, BotError, GrammyError, HttpError } from 'grammy';
import { isInfrastructureError } from './infrastructure-errors.js';
import { realPgConnectionError } from '../../test/support/real-errors.js';

async function realRedisError(options: { retry: boolean }): Promise<Error> {
  const redis = new Redis({
    host: '127.0.0.1',
    port: 1,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    ...(options.retry ? {} : { retryStrategy: () => null }),
  });
  redis.on('error', () => {});
  try {
    await redis.get('x');
  } catch (error) {
    return error as Error;
  } finally {
    redis.disconnect();
  }
  throw new Error('redis on port 1 answered');
}

async function realHttpError(): Promise<HttpError> {
  try {
    await new Api('123456:' + 'A'.repeat(35), { apiRoot: 'http://127.0.0.1:9' }).getMe();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('getMe against a closed port succeeded');
}

/** A real GrammyError: a local server answering like the Bot API does to a bad request. */
async function realGrammyError400(): Promise<GrammyError> {
  const server = createServer((_request, response) => {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: chat not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await new Api('123456:' + 'A'.repeat(35), { apiRoot: `http://127.0.0.1:${port}` }).sendMessage(1, 'hi');
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  throw new Error('the fake Bot API accepted the message');
}

function pgServerError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, 0, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

describe('isInfrastructureError', () => {
  it('recognises a real Postgres connection failure, bare and wrapped by TypeORM or a cause', async () => {
    const error = await realPgConnectionError();
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(isInfrastructureError(error)).toBe(true);
    expect(isInfrastructureError(new QueryFailedError('select 1', [], error))).toBe(true);
    expect(isInfrastructureError(new Error('could not save the raid', { cause: error }))).toBe(true);
  });

  it('recognises real Redis failures (retries exhausted, connection closed)', async () => {
    const exhausted = await realRedisError({ retry: true });
    expect(exhausted.name).toBe('MaxRetriesPerRequestError');
    expect(isInfrastructureError(exhausted)).toBe(true);
    const closed = await realRedisError({ retry: false });
    expect(closed.message).toBe('Connection is closed.');
    expect(isInfrastructureError(closed)).toBe(true);
  });

  it('recognises a network failure behind a grammY HttpError and a BotError', async () => {
    const http = await realHttpError();
    expect(isInfrastructureError(http)).toBe(true);
    expect(isInfrastructureError(new BotError(http, {} as never))).toBe(true);
  });

  it('recognises Postgres connection-class, shutdown, resource and conflict SQLSTATEs and pool timeouts', () => {
    for (const [code, message] of [
      ['08006', 'connection failure'],
      ['08P01', 'protocol violation'],
      ['57P01', 'terminating connection due to administrator command'],
      ['57P03', 'the database system is starting up'],
      ['53300', 'sorry, too many clients already'],
      ['53100', 'could not extend file: No space left on device'],
      // Conflicts that outlasted the transaction's own retries: the update or job wins them later.
      ['40001', 'could not serialize access due to concurrent update'],
      ['40P01', 'deadlock detected'],
      ['55P03', 'canceling statement due to lock timeout'],
    ] as const) {
      const error = pgServerError(code, message);
      expect(isInfrastructureError(new QueryFailedError('update users.users set ...', [], error)), code).toBe(true);
    }
    // pg-pool and pg raise these as plain Errors.
    expect(isInfrastructureError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated due to connection timeout'))).toBe(true);
  });

  it('leaves handler bugs, data errors and Telegram refusals alone', async () => {
    expect(isInfrastructureError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    const grammy = await realGrammyError400();
    expect(grammy.error_code).toBe(400);
    expect(isInfrastructureError(grammy)).toBe(false);
    expect(isInfrastructureError(new BotError(grammy, {} as never))).toBe(false);
    const unique = pgServerError('23505', 'duplicate key value violates unique constraint "users_pkey"');
    expect(isInfrastructureError(new QueryFailedError('insert ...', [], unique))).toBe(false);
    expect(isInfrastructureError(pgServerError('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(isInfrastructureError('ECONNREFUSED')).toBe(false);
    expect(isInfrastructureError(undefined)).toBe(false);
    const circular: { cause?: unknown } & Error = new Error('loop');
    circular.cause = circular;
    expect(isInfrastructureError(circular)).toBe(false);
  });
});
