import { InputFile } from 'grammy';

/** Turns a stored InlineDocument (`{ inline: { filename, text } }`) back into an upload. Other payloads
 * pass through untouched. */
export function materialize(payload: Record<string, unknown>): Record<string, unknown> {
  const document = payload.document as { inline?: { filename?: unknown; text?: unknown } } | undefined;
  const inline = document && typeof document === 'object' ? document.inline : undefined;
  if (!inline || typeof inline.filename !== 'string' || typeof inline.text !== 'string') return payload;
  return { ...payload, document: new InputFile(Buffer.from(inline.text, 'utf8'), inline.filename) };
}
