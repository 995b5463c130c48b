import { getAddress, isAddress } from 'ethers';

// The text a member signs to prove they hold a wallet: an EIP-4361 ("Sign-In with Ethereum") message, so
// wallets show it as a sign-in request for our domain rather than as an opaque blob, and anyone can later
// check the signature kept in the history against it.

/** Where the message says it comes from. */
export interface WalletLinkSettings {
  /** EIP-4361 `domain`: the host (and port) of the deployment. */
  domain: string;
  /** EIP-4361 `URI`: the deployment's address. */
  uri: string;
  /** EIP-4361 `Chain ID`. Linking proves a key, which is the same on every EVM chain; this is what wallets show. */
  chainId: number;
}

export const DEFAULT_WALLET_LINK: WalletLinkSettings = { domain: 'warhorn.local', uri: 'https://warhorn.local/', chainId: 1 };

/** The settings for a deployment reachable at `publicUrl` (none: warhorn.local) paying on `chainId` (none: 1). */
export function walletLinkSettings(publicUrl: string | undefined, chainId: number | undefined): WalletLinkSettings {
  const url = publicUrl ? new URL(publicUrl) : null;
  return {
    domain: url?.host || DEFAULT_WALLET_LINK.domain,
    uri: url ? url.toString() : DEFAULT_WALLET_LINK.uri,
    chainId: chainId ?? DEFAULT_WALLET_LINK.chainId,
  };
}

/** The EIP-55 checksummed form of an EVM address typed by a person, or null when it is none (a mixed-case
 * address whose checksum is wrong is refused: it carries a typo). */
export function parseWalletAddress(input: string): string | null {
  const text = input.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(text) || !isAddress(text)) return null;
  return getAddress(text);
}

/** What a wallet's signature looks like: 65 bytes (r, s, v) or EIP-2098's compact 64, in hex. Whether it
 * is a signature of anything is for finishWalletLink to find out. */
export const SIGNATURE_PATTERN = /^0x[0-9a-fA-F]{128}(?:[0-9a-fA-F]{2})?$/;

export interface SiweFields {
  address: string;
  statement: string;
  nonce: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** The message, line for line as EIP-4361 lays it out (the wallet parses it, so no field may move). */
export function siweMessage(settings: WalletLinkSettings, f: SiweFields): string {
  if (/[\r\n]/.test(f.statement)) throw new RangeError('an EIP-4361 statement is one line');
  if (!/^[A-Za-z0-9]{8,}$/.test(f.nonce)) throw new RangeError('an EIP-4361 nonce is at least 8 letters or digits');
  return [
    `${settings.domain} wants you to sign in with your Ethereum account:`,
    getAddress(f.address),
    '',
    f.statement,
    '',
    `URI: ${settings.uri}`,
    'Version: 1',
    `Chain ID: ${settings.chainId}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${f.issuedAt.toISOString()}`,
    `Expiration Time: ${f.expiresAt.toISOString()}`,
  ].join('\n');
}
