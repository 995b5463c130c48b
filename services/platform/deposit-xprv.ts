import { HDNodeWallet } from 'ethers';
import { base58Check, DEPOSIT_ACCOUNT_PATH } from './deposit-xpub.js';

// WALLET_XPRV: the extended PRIVATE key at DEPOSIT_ACCOUNT_PATH, which `warhorn wallet sweep` alone is given
// (on the operator's machine, never the server's). The same checks as WALLET_XPUB's, the other way round:
// a public key is refused (it cannot sign), so is a key at another path or with a bad checksum. No problem
// text ever includes the value, nor any part of it.

export type XprvCheck = { ok: true; node: HDNodeWallet } | { ok: false; problem: string };

export function checkSweepXprv(value: string): XprvCheck {
  const xprv = value.trim();
  if (/^[xtyzuv]pub/.test(xprv)) {
    return { ok: false, problem: `is an extended PUBLIC key (xpub): sweeping signs transfers, so it needs the private key (xprv) at ${DEPOSIT_ACCOUNT_PATH}` };
  }
  const checked = base58Check(xprv);
  if (checked === 'not-base58') return { ok: false, problem: 'is not an extended private key (not base58)' };
  if (checked === 'bad-checksum') return { ok: false, problem: 'is not an extended private key (wrong length or checksum: check it was copied whole)' };
  let node: ReturnType<typeof HDNodeWallet.fromExtendedKey>;
  try {
    node = HDNodeWallet.fromExtendedKey(xprv);
  } catch {
    return { ok: false, problem: 'is not an extended private key' };
  }
  if (!(node instanceof HDNodeWallet)) {
    return { ok: false, problem: `is an extended PUBLIC key: sweeping signs transfers, so it needs the private key (xprv) at ${DEPOSIT_ACCOUNT_PATH}` };
  }
  // Depth 4, child 0: the node WALLET_XPUB was exported from. An account-level xprv (depth 3) would derive
  // other addresses than the ones the server gave out.
  if (node.depth !== 4 || node.index !== 0) {
    return { ok: false, problem: `is not exported at ${DEPOSIT_ACCOUNT_PATH} (it is at depth ${node.depth}, child ${node.index >= 0x80000000 ? `${node.index - 0x80000000}'` : node.index}; expected depth 4, child 0)` };
  }
  return { ok: true, node };
}
