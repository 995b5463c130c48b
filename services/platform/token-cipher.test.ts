import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher, parseTokenKey, TokenKeyMissingError } from './token-cipher.js';

const token = '7000000001:AAE_abcdefghijklmnopqrstuvwxyz012345';
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('bot tokens sealed at rest', () => {
  it('opens what it sealed, and the sealed form holds nothing of the token', () => {
    const cipher = createTokenCipher(k1);
    const sealed = cipher.seal(7000000001, token);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.sealed).not.toContain('AAE_abc');
    expect(cipher.open(7000000001, sealed)).toBe(token);
    // A fresh IV each time: the same token never seals to the same text.
    expect(cipher.seal(7000000001, token).sealed).not.toBe(sealed.sealed);
  });

  it('refuses a sealed token moved to another bot’s row, or tampered with, without showing it', () => {
    const cipher = createTokenCipher(k1);
    const sealed = cipher.seal(7000000001, token);
    expect(() => cipher.open(7000000002, sealed)).toThrow(/does not authenticate/);
    const raw = Buffer.from(sealed.sealed, 'base64url');
    raw[raw.length - 1]! ^= 1;
    const tampered = { keyId: 'k1', sealed: raw.toString('base64url') };
    const error = (() => {
      try {
        cipher.open(7000000001, tampered);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/bot 7000000001's sealed token does not authenticate under key "k1"/);
    expect(error?.message).not.toContain('AAE');
  });

  it('rotates: a new current key still opens what the old one sealed, and names a key it does not hold', () => {
    const old = createTokenCipher(k1).seal(1, token);
    const rotated = createTokenCipher(k2, [k1]);
    expect(rotated.open(1, old)).toBe(token);
    expect(rotated.seal(1, token).keyId).toBe('k2');
    expect(() => createTokenCipher(k2).open(1, old)).toThrow(TokenKeyMissingError);
  });

  it('reads TOKEN_ENCRYPTION_KEY as <id>:<32 bytes base64> and says what is wrong otherwise', () => {
    const text = `prod-2026:${k1.key.toString('base64')}`;
    const parsed = parseTokenKey(text);
    expect(parsed.ok && parsed.key.id).toBe('prod-2026');
    expect(parsed.ok && parsed.key.key.equals(k1.key)).toBe(true);
    expect(parseTokenKey('no-colon')).toMatchObject({ ok: false, problem: expect.stringMatching(/<key id>:<32 bytes in base64>/) });
    expect(parseTokenKey(`short:${randomBytes(16).toString('base64')}`)).toMatchObject({ ok: false, problem: expect.stringMatching(/must be 32 bytes.*it is 16/) });
  });
});
