/** WALLET_XPUB is not the key the stored deposit addresses were derived from. Mixing two keys' addresses
 * would give new groups addresses the operator's sweep never looks at: refused, at start and on assignment. */
export class WalletKeyMismatchError extends Error {
  constructor(
    readonly stored: string,
    readonly configured: string,
  ) {
    super(
      `WALLET_XPUB (fingerprint ${configured.slice(0, 8)}) is not the key the deposit addresses were derived from ` +
        `(fingerprint ${stored.slice(0, 8)}): set the original WALLET_XPUB back. Addresses already given out stay with their key.`,
    );
    this.name = 'WalletKeyMismatchError';
  }
}
