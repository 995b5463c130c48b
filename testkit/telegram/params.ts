// Method parameters, whichever way they came (JSON body, urlencoded form, multipart, query string).
// Form and query values arrive as strings, objects as JSON text: accessors coerce like Telegram does.
import { badRequest } from './errors.js';

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export class Params {
  /** When the request reached the server (ms): flood control counts arrivals, as Telegram does, not the
   * moment this process got round to the call after reading its body. */
  receivedAt = Date.now();

  constructor(
    readonly raw: Record<string, unknown>,
    readonly files: Map<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== '';
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  int(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(String(v).trim());
    if (!Number.isFinite(n)) throw badRequest(`invalid ${name} specified`);
    return Math.trunc(n);
  }

  requireInt(name: string): number {
    const n = this.int(name);
    if (n === undefined) throw badRequest(`${name} is empty`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    return v === 'true' || v === '1' || v === 1;
  }

  json<T>(name: string, what = `${name} JSON object`): T | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v as T;
    try {
      return JSON.parse(v) as T;
    } catch {
      throw badRequest(`can't parse ${what}`);
    }
  }

  /** chat_id: an integer, or "@username" of a public supergroup. */
  chatId(name = 'chat_id'): number | string {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') throw badRequest(`${name} is empty`);
    if (typeof v === 'string' && v.startsWith('@')) return v;
    const n = typeof v === 'number' ? v : Number(String(v));
    if (!Number.isInteger(n)) throw badRequest('chat not found');
    return n;
  }

  /** A file field: an uploaded part ("attach://x" or the field itself), else a file_id/URL string. */
  file(name: string): UploadedFile | string | undefined {
    const v = this.raw[name];
    if (typeof v === 'string' && v.startsWith('attach://')) return this.files.get(v.slice('attach://'.length));
    if (this.files.has(name)) return this.files.get(name);
    return typeof v === 'string' && v !== '' ? v : undefined;
  }
}
