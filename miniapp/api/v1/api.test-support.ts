import type { TestPlatform } from '../../../test/support/platform.js';
import { API_PREFIX } from './index.js';

export interface ApiClient {
  /** A request with exactly these headers (for authentication tests). */
  raw(method: string, path: string, options?: { headers?: Record<string, string>; body?: unknown }): Promise<Response>;
  /** A request as `userId` opening the app from the platform's bot (initData signed by the emulator). */
  as(userId: number, method: string, path: string, body?: unknown): Promise<Response>;
}

/** Calls the platform's Mini App API over HTTP, as the front end does. */
export function apiClient(t: TestPlatform): ApiClient {
  const raw: ApiClient['raw'] = (method, path, options = {}) =>
    fetch(`${t.platform.url}${API_PREFIX}${path}`, {
      method,
      headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });
  return {
    raw,
    as: (userId, method, path, body) =>
      raw(method, path, {
        headers: { authorization: `tma ${t.emulator.webAppInitData(t.bot.id, userId)}`, 'x-warhorn-bot': String(t.bot.id) },
        ...(body !== undefined ? { body } : {}),
      }),
  };
}

/** A response's JSON, for assertions (tests read what the schema promised, whatever it is). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = async (res: Response): Promise<any> => res.json();
