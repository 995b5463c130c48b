import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

// Secrets never reach a log: any field with these names is replaced, wherever it sits (two levels deep).
// An xpub is no secret, but it names every deposit address, past and future: kept out too.
const SECRET_KEYS = ['token', 'botToken', 'bot_token', 'secret', 'webhookSecret', 'secret_token', 'password', 'authorization', 'xpub', 'WALLET_XPUB', 'HOT_WALLET_KEY', 'HOT_WALLET_KEYSTORE_PASSWORD', 'privateKey'];
export const redactPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

// Field names are not enough: a bot token also travels inside strings, above all the Bot API URL that
// node-fetch / undici put in the message and stack of a network error (`.../bot123:AAA.../getMe failed`).
// The numeric id before the colon is public and tells which bot failed, so it stays.
const PREFIXED_TOKEN = /bot(\d+)(?::|%3[Aa])[\w-]+/g;
const BARE_TOKEN = /(?<!\d)(\d+):[\w-]{35,}/g;
// Both patterns need a digit followed by a colon (or its escape) and a token character: a cheap pre-check.
const MAYBE_TOKEN = /\d(?::|%3[Aa])[\w-]/;

/** Replaces every bot token in `text` with `bot<id>:[redacted]` (or `<id>:[redacted]` when bare). */
export function maskBotTokens(text: string): string {
  if (!MAYBE_TOKEN.test(text)) return text;
  return text.replace(PREFIXED_TOKEN, 'bot$1:[redacted]').replace(BARE_TOKEN, '$1:[redacted]');
}

const MAX_DEPTH = 10;

/** A copy of a serialized value with every string masked; never mutates what the caller logged. */
function maskDeep(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskBotTokens(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    // Nested errors (an HttpError's `error`, a QueryFailedError's `driverError`, an error inside a plain
    // object): serialized like the top one so their message and stack are visible, and masked.
    if (value instanceof Error) return maskDeep(pino.stdSerializers.err(value), seen, depth);
    if (Array.isArray(value)) return value.map((item) => maskDeep(item, seen, depth + 1));
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return maskDeep(toJSON.call(value), seen, depth + 1);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = maskDeep((value as Record<string, unknown>)[key], seen, depth + 1);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** pino's error serializer (message and stack include causes; nested errors serialized), then masked. */
export function serializeError(error: unknown): unknown {
  return maskDeep(pino.stdSerializers.err(error as Error), new WeakSet(), 0);
}

/** The options `createLogger` builds pino with (exported so tests can point them at their own stream). */
export function loggerOptions(options: { level: LoggerOptions['level']; pretty?: boolean; name?: string }): LoggerOptions {
  return {
    name: options.name ?? 'warhorn',
    level: options.level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    // The last line of defence, on the finished line: `msg` (which pino fills from `err.message` when none is
    // given), bindings and any field no serializer looks at. The replacement needs no JSON escaping.
    hooks: { streamWrite: maskBotTokens },
    ...(options.pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  };
}

export function createLogger(options: { level: LoggerOptions['level']; pretty?: boolean; name?: string }): Logger {
  return pino(loggerOptions(options));
}

/** A logger that writes nowhere, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
