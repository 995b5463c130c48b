// The fetch wrapper every call goes through: the base path, the two headers that authenticate the caller
// (docs/mini-app-api.md, "Every request") and the one error shape.
import { networkError, toApiError } from './errors';

export interface Credentials {
  /** The raw initData string Telegram handed the app. */
  initData: string;
  /** The bot that opened the app (`?bot=` of the app's URL); null when the link carried none. */
  botId: string | null;
}

export const API_BASE = '/api/v1';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Transport {
  /** `headers` add to the authentication (an Idempotency-Key). */
  json<T>(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  blob(path: string): Promise<Blob>;
}

export function authHeaders(credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = { Authorization: `tma ${credentials.initData}` };
  if (credentials.botId) headers['X-Warhorn-Bot'] = credentials.botId;
  return headers;
}

export function createTransport(credentials: Credentials, fetchFn: typeof fetch = fetch): Transport {
  async function send(method: Method, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const headers = { ...extra, ...authHeaders(credentials) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchFn(`${API_BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (cause) {
      throw networkError(cause);
    }
    if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null), response.headers.get('Retry-After'));
    return response;
  }
  return {
    async json<T>(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
      const response = await send(method, path, body, headers);
      // 204s (and empty 200s) carry nothing to parse.
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async blob(path: string): Promise<Blob> {
      return (await send('GET', path)).blob();
    },
  };
}
