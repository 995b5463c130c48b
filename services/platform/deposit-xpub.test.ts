import { Writable } from 'node:stream';
import { HDNodeWallet } from 'ethers';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger.js';
import { ConfigError, configByConcern, loadConfig } from './config.js';
import { checkDepositXpub, DEPOSIT_ACCOUNT_PATH } from './deposit-xpub.js';

// Hardhat's well-known test mnemonic: its keys are public, nothing of value sits behind them.
const PHRASE = 'test test test test test test test test test test test junk';
const account = HDNodeWallet.fromPhrase(PHRASE, undefined, DEPOSIT_ACCOUNT_PATH);
const XPUB = account.neuter().extendedKey;

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('WALLET_XPUB', () => {
  it('takes the public key exported at the documented path', () => {
    expect(checkDepositXpub(XPUB)).toEqual({ ok: true, xpub: XPUB });
    expect(configByConcern(loadConfig({ WALLET_XPUB: XPUB })).wallet).toEqual({ xpub: XPUB });
    expect(configByConcern(loadConfig({})).wallet).toBeNull();
  });

  it('refuses an extended private key, saying never to give the server one, without echoing it', () => {
    const problems = problemsOf({ WALLET_XPUB: account.extendedKey });
    expect(problems).toEqual([expect.stringMatching(/^WALLET_XPUB is an extended PRIVATE key \(xprv\): never give the server a private key/)]);
    expect(problems.join('\n')).not.toContain(account.extendedKey.slice(4, 20));
  });

  it('refuses a mistyped key, whose checksum ethers itself does not check', () => {
    const typo = `${XPUB.slice(0, -1)}${XPUB.endsWith('5') ? '6' : '5'}`;
    // The reason for our own check: ethers 6.17 takes the typo and derives other addresses from it.
    expect(() => HDNodeWallet.fromExtendedKey(typo)).not.toThrow();
    expect(checkDepositXpub(typo)).toEqual({ ok: false, problem: expect.stringMatching(/checksum/) });
    expect(checkDepositXpub(XPUB.slice(0, -3))).toEqual({ ok: false, problem: expect.stringMatching(/length or checksum/) });
    expect(checkDepositXpub('not a key at all')).toEqual({ ok: false, problem: expect.stringMatching(/not an extended public key/) });
    const problems = problemsOf({ WALLET_XPUB: typo });
    expect(problems).toEqual([expect.stringMatching(/^WALLET_XPUB is not an extended public key/)]);
    expect(problems.join('\n')).not.toContain(typo.slice(4, 20));
  });

  it('refuses a public key exported at another path (the account level many wallets export)', () => {
    const accountLevel = HDNodeWallet.fromPhrase(PHRASE, undefined, "m/44'/60'/0'").neuter().extendedKey;
    expect(checkDepositXpub(accountLevel)).toEqual({ ok: false, problem: expect.stringContaining("is not exported at m/44'/60'/0'/0 (it is at depth 3, child 0'") });
    const changeChain = HDNodeWallet.fromPhrase(PHRASE, undefined, "m/44'/60'/0'/1").neuter().extendedKey;
    expect(checkDepositXpub(changeChain)).toEqual({ ok: false, problem: expect.stringContaining('depth 4, child 1;') });
  });
});

describe('WALLET_XPUB in logs', () => {
  it('is redacted by field name, as a secret is', () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString('utf8')), done()) });
    const log = pino(loggerOptions({ level: 'info' }), stream);
    log.info({ xpub: XPUB, wallet: { xpub: XPUB }, env: { WALLET_XPUB: XPUB } }, 'configured');
    expect(lines.join('')).not.toContain(XPUB.slice(4, 30));
  });
});
