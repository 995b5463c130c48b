import { describe, expect, it } from 'vitest';
import { parseWalletAddress, siweMessage, walletLinkSettings } from './siwe-message.js';

describe('the wallet-linking message', () => {
  it("names PUBLIC_URL's host (with its port) and the first chain, or warhorn.local and chain 1", () => {
    expect(walletLinkSettings('https://raids.example.org:8443/base', 56)).toEqual({ domain: 'raids.example.org:8443', uri: 'https://raids.example.org:8443/base', chainId: 56 });
    expect(walletLinkSettings(undefined, undefined)).toEqual({ domain: 'warhorn.local', uri: 'https://warhorn.local/', chainId: 1 });
  });

  it('takes an address in any one case and checksums it; refuses a wrong checksum and anything else', () => {
    const checksummed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    expect(parseWalletAddress(checksummed.toLowerCase())).toBe(checksummed);
    expect(parseWalletAddress(` ${checksummed} `)).toBe(checksummed);
    expect(parseWalletAddress('0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBeNull();
    for (const bad of ['', '0x', 'vitalik.eth', '5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', `${checksummed}00`]) expect(parseWalletAddress(bad)).toBeNull();
  });

  it('refuses a statement over two lines and a short nonce', () => {
    const f = { address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', statement: 'x', nonce: 'abcdefgh', issuedAt: new Date(0), expiresAt: new Date(1) };
    const settings = walletLinkSettings(undefined, undefined);
    expect(siweMessage(settings, f)).toContain('\nNonce: abcdefgh\n');
    expect(() => siweMessage(settings, { ...f, statement: 'a\nb' })).toThrow(RangeError);
    expect(() => siweMessage(settings, { ...f, nonce: 'abc' })).toThrow(RangeError);
  });
});
