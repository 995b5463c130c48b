import { GrammyError, HttpError } from 'grammy';
import { chatId, type ChatId } from '../platform/telegram-ids.js';

/** What the delivery worker does with a failed Bot API call. */
export type CallFailure =
  /** 429: wait `retry_after` and send again; not the message's fault, so not an attempt. */
  | { kind: 'throttled'; retryAfterMs: number; reason: string }
  /** 400 with migrate_to_chat_id: the group is now a supergroup with a new id. */
  | { kind: 'migrated'; chatId: ChatId; reason: string }
  /** 5xx, network trouble, timeouts: retry with backoff up to a limit. */
  | { kind: 'transient'; reason: string; label: string }
  /** Any other 4xx: Telegram will say the same next time (blocked, kicked, chat not found, bad request). */
  | { kind: 'final'; reason: string; label: string };

/** Low-cardinality labels for `warhorn_outbox_failed_total{reason}`; the full text goes in last_error. */
function finalLabel(code: number, description: string): string {
  const d = description.toLowerCase();
  if (code === 403 && d.includes('blocked')) return 'blocked';
  if (code === 403 && (d.includes('kicked') || d.includes('not a member'))) return 'kicked';
  if (code === 403 && d.includes('deactivated')) return 'deactivated';
  if (code === 403) return 'forbidden';
  if (d.includes('chat not found')) return 'chat_not_found';
  if (code === 400) return 'bad_request';
  // The bot's token was revoked in BotFather: the bot registry disables the bot on this answer.
  if (code === 401) return 'unauthorized';
  return `http_${code}`;
}

export function classifyTelegramError(error: unknown): CallFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters?.retry_after ?? 1;
      return { kind: 'throttled', retryAfterMs: Math.max(1, seconds) * 1000, reason };
    }
    const migrateTo = error.parameters?.migrate_to_chat_id;
    if (error.error_code === 400 && migrateTo !== undefined) return { kind: 'migrated', chatId: chatId(migrateTo), reason };
    if (error.error_code >= 500) return { kind: 'transient', reason, label: 'server_error' };
    return { kind: 'final', reason, label: finalLabel(error.error_code, error.description) };
  }
  if (error instanceof HttpError) {
    // grammY's message names the method only (never the token, unless sensitiveLogs is on).
    return { kind: 'transient', reason: `network: ${error.message}`, label: 'network' };
  }
  // The bot registry no longer serves the bot (disabled after a 401, or removed by its owner): by name, since
  // the outbox knows nothing of the registry. Waiting would not bring it back.
  if (error instanceof Error && (error.name === 'BotNotServedError' || error.name === 'UnknownBotError')) {
    return { kind: 'final', reason: error.message, label: 'bot_not_served' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'transient', reason: `error: ${message}`, label: 'error' };
}
