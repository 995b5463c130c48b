import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

// Secrets never reach a log: any field with these names is replaced, wherever it sits (two levels deep).
const SECRET_KEYS = ['token', 'botToken', 'bot_token', 'secret', 'webhookSecret', 'secret_token', 'password', 'authorization'];
export const redactPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export function createLogger(options: { level: LoggerOptions['level']; pretty?: boolean; name?: string }): Logger {
  return pino({
    name: options.name ?? 'warhorn',
    level: options.level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    ...(options.pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  });
}

/** A logger that writes nowhere, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
