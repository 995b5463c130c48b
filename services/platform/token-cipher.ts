import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One key of the ring: its id is stored next to every token sealed with it, so keys can rotate. */
export interface TokenKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

/** A token as a row keeps it. */
export interface SealedToken {
  keyId: string;
  /** base64url(iv ‖ tag ‖ ciphertext). */
  sealed: string;
}

export interface TokenCipher {
  /** The key new tokens are sealed with. */
  readonly currentKeyId: string;
  seal(botId: number, token: string): SealedToken;
  /** Throws TokenKeyMissingError for a key id this process was not given, and a plain error for a row
   * whose ciphertext does not authenticate (tampered, or moved to another bot's row). */
  open(botId: number, sealed: SealedToken): string;
}

export class TokenKeyMissingError extends Error {
  constructor(readonly keyId: string) {
    super(`a bot token is sealed with key "${keyId}", which neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_OLD_KEYS holds`);
    this.name = 'TokenKeyMissingError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

// The bot id is the associated data: a sealed token copied into another bot's row does not open there.
const aad = (botId: number) => Buffer.from(`warhorn-bot-token:${botId}`);

/** AES-256-GCM with a fresh 96-bit IV per seal (GCM's own recommendation; random IVs are safe far beyond
 * the number of tokens a deployment will ever seal under one key). */
export function createTokenCipher(current: TokenKey, older: readonly TokenKey[] = []): TokenCipher {
  const ring = new Map<string, Buffer>();
  for (const key of [current, ...older]) {
    if (key.key.length !== 32) throw new Error(`token key "${key.id}" must be 32 bytes`);
    if (!ring.has(key.id)) ring.set(key.id, key.key);
  }
  return {
    currentKeyId: current.id,
    seal(botId, token) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aad(botId));
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return { keyId: current.id, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url') };
    },
    open(botId, { keyId, sealed }) {
      const key = ring.get(keyId);
      if (!key) throw new TokenKeyMissingError(keyId);
      const raw = Buffer.from(sealed, 'base64url');
      if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error(`bot ${botId}'s sealed token is too short`);
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(aad(botId));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // Never the token nor the key in the message: which bot and which key are enough to act on.
        throw new Error(`bot ${botId}'s sealed token does not authenticate under key "${keyId}"`);
      }
    },
  };
}

/** `<id>:<base64 of 32 bytes>`, as TOKEN_ENCRYPTION_KEY holds it; undefined and a reason when it is not. */
export function parseTokenKey(text: string): { ok: true; key: TokenKey } | { ok: false; problem: string } {
  const m = /^([A-Za-z0-9_.-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(text.trim());
  if (!m) return { ok: false, problem: 'must be <key id>:<32 bytes in base64>, e.g. k2026:' + '…' + ' (openssl rand -base64 32)' };
  const key = Buffer.from(m[2]!.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) return { ok: false, problem: `key "${m[1]}" must be 32 bytes of base64 (it is ${key.length})` };
  return { ok: true, key: { id: m[1]!, key } };
}
