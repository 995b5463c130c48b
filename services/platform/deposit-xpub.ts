import { createHash } from 'node:crypto';
import { decodeBase58, HDNodeVoidWallet, HDNodeWallet, toBeArray } from 'ethers';

// WALLET_XPUB: the extended public key deposit addresses are derived from (services/wallet). The operator
// exports it at DEPOSIT_ACCOUNT_PATH; group i's address is its non-hardened child i. The server holds this
// public key only: an extended private key is refused, and no message ever repeats the value.

/** Where the operator exports the xpub (BIP-44, Ethereum's coin type 60, account 0, the external chain). */
export const DEPOSIT_ACCOUNT_PATH = "m/44'/60'/0'/0";

export type XpubCheck = { ok: true; xpub: string } | { ok: false; problem: string };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** Whether a serialized extended key (public or private) is base58 of 82 bytes whose last 4 are its
 * checksum. ethers 6.17's fromExtendedKey skips the checksum (`length === 82 || checksum`): a mistyped
 * character would give other addresses, funds nobody can move. Checked here for both key kinds. */
export function base58Check(value: string): 'ok' | 'not-base58' | 'bad-checksum' {
  let bytes: Uint8Array;
  try {
    bytes = toBeArray(decodeBase58(value));
  } catch {
    return 'not-base58';
  }
  if (bytes.length !== 82 || !Buffer.from(sha256(sha256(bytes.slice(0, 78))).subarray(0, 4)).equals(Buffer.from(bytes.slice(78)))) return 'bad-checksum';
  return 'ok';
}

/** Checks WALLET_XPUB: a base58check extended public key (xpub or tpub) at depth 4, child 0, which is what
 * DEPOSIT_ACCOUNT_PATH exports. The problem text never includes the value. */
export function checkDepositXpub(value: string): XpubCheck {
  const xpub = value.trim();
  if (/^[xtyzuv]prv/.test(xpub)) {
    return { ok: false, problem: 'is an extended PRIVATE key (xprv): never give the server a private key. Export the public one (xpub) at ' + `${DEPOSIT_ACCOUNT_PATH} and keep the private key with the operator (README, Deposits)` };
  }
  const checked = base58Check(xpub);
  if (checked === 'not-base58') return { ok: false, problem: 'is not an extended public key (not base58)' };
  if (checked === 'bad-checksum') return { ok: false, problem: 'is not an extended public key (wrong length or checksum: check it was copied whole)' };
  let node: HDNodeVoidWallet | HDNodeWallet;
  try {
    node = HDNodeWallet.fromExtendedKey(xpub);
  } catch {
    return { ok: false, problem: 'is not an extended public key' };
  }
  if (node instanceof HDNodeWallet) {
    return { ok: false, problem: `is an extended PRIVATE key: never give the server a private key. Export the public one (xpub) at ${DEPOSIT_ACCOUNT_PATH}` };
  }
  // Depth 4 and child number 0 (not hardened) is m/x'/x'/x'/0: an account-level xpub (depth 3, what many
  // wallets export) would give addresses at other paths than the documented ones.
  if (node.depth !== 4 || node.index !== 0) {
    return { ok: false, problem: `is not exported at ${DEPOSIT_ACCOUNT_PATH} (it is at depth ${node.depth}, child ${node.index >= 0x80000000 ? `${node.index - 0x80000000}'` : node.index}; expected depth 4, child 0)` };
  }
  return { ok: true, xpub };
}
