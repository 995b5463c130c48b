import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Api, HttpError } from 'grammy';
import { pino } from 'pino';
import { loggerOptions, maskBotTokens } from './logger.js';

const TOKEN = '123456:' + 'A'.repeat(35);
const SECRET_PART = 'A'.repeat(35);

/** Our logger's options, writing JSON lines into an array instead of stdout. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino(loggerOptions({ level: 'debug' }), stream);
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

/** A real network failure as grammY reports it: HttpError around node-fetch's FetchError, whose message and
 * stack carry the request URL, token included. Port 9 (discard) is closed. */
async function realHttpError(): Promise<HttpError> {
  try {
    await new Api(TOKEN, { apiRoot: 'http://127.0.0.1:9' }).getMe();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('getMe against a closed port succeeded');
}

describe('logger: bot tokens inside strings', () => {
  it('masks the token in a grammY HttpError and its nested fetch error, keeping the bot id', async () => {
    const error = await realHttpError();
    const inner = error.error as Error;
    expect(inner.message).toContain(TOKEN); // what would have leaked

    const { log, lines, records } = capture();
    log.warn({ err: error }, 'could not restrict the member');
    log.child({ botId: 123456 }).error({ error }, 'same, under `error`');

    const output = lines.join('\n');
    expect(output).not.toContain(SECRET_PART);
    expect(output).toContain('bot123456:[redacted]');
    const [first, second] = records();
    expect(first!.err.type).toBe('HttpError');
    expect(first!.err.error.message).toMatch(/^request to http:\/\/127\.0\.0\.1:9\/bot123456:\[redacted\]\/getMe failed/);
    expect(first!.err.error.stack).toContain('bot123456:[redacted]/getMe');
    expect(first!.err.error.code).toBe('ECONNREFUSED');
    expect(second!.error.error.message).toContain('bot123456:[redacted]');
    // The caller's error is left as it was.
    expect(inner.message).toContain(TOKEN);
  });

  it('masks the message pino takes from an error logged on its own, and causes and driver errors', async () => {
    const fetchError = (await realHttpError()).error as Error;
    const withCause = new Error('sending failed', { cause: fetchError });
    const queryFailed = Object.assign(new Error(`query failed: ${fetchError.message}`), {
      name: 'QueryFailedError',
      driverError: fetchError,
      parameters: [`https://api.telegram.org/bot${TOKEN}/getFile`],
    });

    const { log, lines, records } = capture();
    log.error(fetchError);
    log.error({ err: withCause }, 'with a cause');
    log.error({ err: queryFailed }, 'query');
    log.info(`plain message with a bare token ${TOKEN} and a url https://api.telegram.org/bot${TOKEN}/getMe`);

    const output = lines.join('\n');
    expect(output).not.toContain(SECRET_PART);
    const [alone, caused, query, plain] = records();
    expect(alone!.msg).toContain('bot123456:[redacted]');
    expect(caused!.err.message).toContain('sending failed: request to http://127.0.0.1:9/bot123456:[redacted]/getMe');
    expect(caused!.err.stack).toContain('caused by: FetchError: request to http://127.0.0.1:9/bot123456:[redacted]');
    expect(query!.err.driverError.message).toContain('bot123456:[redacted]');
    expect(query!.err.parameters[0]).toBe('https://api.telegram.org/bot123456:[redacted]/getFile');
    expect(plain!.msg).toBe(
      'plain message with a bare token 123456:[redacted] and a url https://api.telegram.org/bot123456:[redacted]/getMe',
    );
  });

  it('leaves ordinary text alone and still redacts secret field names', () => {
    expect(maskBotTokens('raid at 12:30:45, chat -1001234567:topic 7')).toBe('raid at 12:30:45, chat -1001234567:topic 7');
    expect(maskBotTokens(`/file/bot${TOKEN}/photos/1.jpg`)).toBe('/file/bot123456:[redacted]/photos/1.jpg');
    expect(maskBotTokens(`bot42%3A${SECRET_PART}`)).toBe('bot42:[redacted]');

    const { log, records } = capture();
    log.info({ bot: { token: TOKEN, id: 123456 } }, 'started');
    expect(records()[0]!.bot).toEqual({ token: '[redacted]', id: 123456 });
  });
});
