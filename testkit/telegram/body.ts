// Reading request parameters: query string, JSON, urlencoded form, multipart/form-data.
import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors.js';
import { Params, type UploadedFile } from './params.js';

const MAX_BODY = 60 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const raw: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files = new Map<string, UploadedFile>();
  const body = await readBody(req);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return new Params(raw, files);
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON request body");
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(raw, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
    if (!boundary) throw badRequest('multipart boundary is missing');
    for (const part of parseMultipart(body, (boundary[1] ?? boundary[2])!.trim())) {
      if (part.filename !== undefined) files.set(part.name, { filename: part.filename, contentType: part.contentType, data: part.data });
      else raw[part.name] = part.data.toString('utf8');
    }
  } else {
    Object.assign(raw, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  return new Params(raw, files);
}

interface Part { name: string; filename?: string; contentType: string; data: Buffer }

/** A small multipart parser; tolerant of grammY's header style (`content-disposition:form-data;name="x"`). */
export function parseMultipart(buf: Buffer, boundary: string): Part[] {
  const parts: Part[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let pos = buf.indexOf(delimiter);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (buf[start] === 0x2d && buf[start + 1] === 0x2d) break; // closing "--"
    if (buf[start] === 0x0d && buf[start + 1] === 0x0a) start += 2;
    const next = buf.indexOf(separator, start);
    if (next < 0) break;
    const part = buf.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
      const data = part.subarray(headerEnd + 4);
      let name = '';
      let filename: string | undefined;
      let contentType = 'application/octet-stream';
      for (const line of headers) {
        const colon = line.indexOf(':');
        const key = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (key === 'content-disposition') {
          name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? /(?:^|;)\s*name=([^;]*)/i.exec(value)?.[1]?.trim() ?? '';
          const f = /filename="([^"]*)"/i.exec(value)?.[1] ?? /filename=([^;]*)/i.exec(value)?.[1]?.trim();
          if (f !== undefined) filename = f;
        } else if (key === 'content-type') contentType = value;
      }
      if (name) parts.push({ name, filename, contentType, data: Buffer.from(data) });
    }
    pos = next + 2;
  }
  return parts;
}
