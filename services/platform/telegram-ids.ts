// One representation of Telegram ids across services: a JS number, branded. The Bot API promises user and
// chat ids fit in 52 significant bits, so a number is exact (X snowflakes do not fit: those stay strings).
// The brand makes a plain number (a count, a bot id, a raid id) fail to compile where a Telegram id is
// meant; values enter through these constructors once, at the edges: rows read from Postgres (bigint
// arrives as a string from pg), grammY contexts, job data and Redis.

export type TelegramUserId = number & { readonly __brand: 'TelegramUserId' };
/** A user's private chat shares the user's id; groups are negative, supergroups and channels -100.... */
export type ChatId = number & { readonly __brand: 'ChatId' };

const INTEGER = /^-?\d+$/;

function safeInteger(kind: string, raw: number | string | bigint): number {
  const n = typeof raw === 'string' ? (INTEGER.test(raw) ? Number(raw) : Number.NaN) : Number(raw);
  // A bigint or string past 2^53 would round silently: refused rather than turned into another id.
  if (!Number.isSafeInteger(n) || (typeof raw === 'bigint' && BigInt(n) !== raw)) {
    throw new TypeError(`${kind}: ${typeof raw === 'string' ? JSON.stringify(raw) : String(raw)} is not a safe integer`);
  }
  return n;
}

/** A Telegram user id (positive) from what Telegram, Postgres or Redis give. Throws a TypeError otherwise. */
export function telegramUserId(raw: number | string | bigint): TelegramUserId {
  const n = safeInteger('telegramUserId', raw);
  if (n <= 0) throw new TypeError(`telegramUserId: ${n} is not positive`);
  return n as TelegramUserId;
}

/** A Telegram chat id (negative for groups and channels). Throws a TypeError for anything not a safe integer. */
export function chatId(raw: number | string | bigint): ChatId {
  const n = safeInteger('chatId', raw);
  if (n === 0) throw new TypeError('chatId: 0 is no chat');
  return n as ChatId;
}


/** A member's private chat with a bot has the member's own id: where a message for them alone goes. */
export const privateChatOf = (user: TelegramUserId): ChatId => chatId(user);
