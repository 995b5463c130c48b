import { createHash } from 'node:crypto';
import { HDNodeVoidWallet, HDNodeWallet } from 'ethers';
import { checkDepositXpub, DEPOSIT_ACCOUNT_PATH } from '../platform/deposit-xpub.js';

/** The largest non-hardened child index (BIP-32): an xpub cannot derive hardened children. */
export const MAX_INDEX = 0x7fffffff;

/** The full derivation path of group address `index`, as the operator's wallet names it. */
export const pathOf = (index: number) => `${DEPOSIT_ACCOUNT_PATH}/${index}`;

/** The public node of WALLET_XPUB; throws (without the value) on anything config would have refused. */
export function publicNode(xpub: string): HDNodeVoidWallet {
  const check = checkDepositXpub(xpub);
  if (!check.ok) throw new Error(`WALLET_XPUB ${check.problem}`);
  const node = HDNodeWallet.fromExtendedKey(check.xpub);
  // checkDepositXpub refused private keys, so this is the public node.
  return node as HDNodeVoidWallet;
}

/** The address of child `index`, lower case. */
export function addressAt(node: HDNodeVoidWallet, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) throw new RangeError(`deposit index ${index} is out of 0..${MAX_INDEX}`);
  return node.deriveChild(index).address.toLowerCase();
}

/** What identifies the key in the database: its hash, so a changed WALLET_XPUB is noticed. */
export const fingerprintOf = (xpub: string) => createHash('sha256').update(xpub.trim()).digest('hex');
