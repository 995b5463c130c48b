import { readFileSync } from 'node:fs';
import { SigningKey, Wallet } from 'ethers';

// Field names privateKey and password are in the logger's SECRET_KEYS, so a logged source is redacted.
// The hot wallet withdrawals are paid from: a raw private key (HOT_WALLET_KEY) or an encrypted JSON keystore
// (HOT_WALLET_KEYSTORE + HOT_WALLET_KEYSTORE_PASSWORD). The config checks the shape at start; the keystore is
// decrypted once by the composition root (scrypt: about a second). No message here ever carries the key,
// the password or the keystore's text: they name the variable and what is wrong with it.

export type HotWalletSource = { kind: 'key'; privateKey: string } | { kind: 'keystore'; path: string; password: string };

/** Why HOT_WALLET_KEY is unusable, or null when it is a valid secp256k1 private key. Never echoes it. */
export function hotWalletKeyProblem(value: string): string | null {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value.trim())) return 'must be a 0x-prefixed 32-byte hex private key (66 characters)';
  try {
    // Zero and values past the curve's order are not keys; ethers' constructor checks the length only, the
    // public key's computation checks the rest.
    SigningKey.computePublicKey(value.trim());
    return null;
  } catch {
    return 'is not a valid secp256k1 private key';
  }
}

export class HotWalletError extends Error {
  override name = 'HotWalletError';
}

/** The wallet, not connected to any provider (the withdrawal worker signs offline and broadcasts itself).
 * Throws HotWalletError naming the variable on an unreadable file, a file that is no keystore or a wrong
 * password; the underlying error is not chained (it could quote the file). */
export async function loadHotWallet(source: HotWalletSource, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): Promise<Wallet> {
  if (source.kind === 'key') {
    const problem = hotWalletKeyProblem(source.privateKey);
    if (problem) throw new HotWalletError(`HOT_WALLET_KEY ${problem}`);
    return new Wallet(source.privateKey.trim());
  }
  let json: string;
  try {
    json = read(source.path);
  } catch (error) {
    throw new HotWalletError(`HOT_WALLET_KEYSTORE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${source.path}`);
  }
  try {
    JSON.parse(json);
  } catch {
    throw new HotWalletError('HOT_WALLET_KEYSTORE is not a JSON keystore');
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(json, source.password);
    return new Wallet(wallet.privateKey);
  } catch {
    throw new HotWalletError('HOT_WALLET_KEYSTORE cannot be decrypted with HOT_WALLET_KEYSTORE_PASSWORD (wrong password or not an ethers/geth keystore)');
  }
}
