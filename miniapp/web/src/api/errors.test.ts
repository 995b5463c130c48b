import { describe, expect, it } from 'vitest';
import { authHeaders, createTransport } from './client';
import { ApiError, toApiError } from './errors';

describe('toApiError', () => {
  it("keeps the server's code, message and field", () => {
    const e = toApiError(400, { error: { code: 'invalid_request', message: 'durationMinutes: must be from 5m to 7d', field: 'body.durationMinutes' } });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'invalid_request', message: 'durationMinutes: must be from 5m to 7d', field: 'body.durationMinutes' });
    expect(e.fieldName).toBe('durationMinutes');
  });

  it('names the status when the body is not the error shape', () => {
    expect(toApiError(502, '<html>Bad gateway</html>')).toMatchObject({ code: 'http_502', field: undefined });
    expect(toApiError(500, { error: 'boom' })).toMatchObject({ code: 'http_500' });
  });

  it("reads a 429's Retry-After in seconds", () => {
    expect(toApiError(429, { error: { code: 'rate_limited', message: 'slow down' } }, '7').retryAfterS).toBe(7);
  });
});

describe('createTransport', () => {
  const credentials = { initData: 'user=%7B%7D&hash=ab', botId: '77' };

  it('authenticates every call with initData and the bot', async () => {
    let seen: RequestInit | undefined;
    const transport = createTransport(credentials, async (_url, init) => {
      seen = init;
      return new Response('{"ok":true}', { status: 200 });
    });
    await expect(transport.json('GET', '/me')).resolves.toEqual({ ok: true });
    expect(seen?.headers).toEqual({ Authorization: 'tma user=%7B%7D&hash=ab', 'X-Warhorn-Bot': '77' });
    expect(authHeaders({ initData: 'x', botId: null })).toEqual({ Authorization: 'tma x' });
  });

  it('turns error responses and network failures into ApiErrors', async () => {
    const refusing = createTransport(credentials, async () => new Response('{"error":{"code":"not_admin","message":"no"}}', { status: 403 }));
    await expect(refusing.json('GET', '/groups/1')).rejects.toMatchObject({ status: 403, code: 'not_admin' });
    const offline = createTransport(credentials, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline.json('GET', '/me')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
