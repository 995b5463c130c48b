import { HDNodeWallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSweepConfig } from './config.js';
import { DEPOSIT_ACCOUNT_PATH } from './deposit-xpub.js';
import { checkSweepXprv } from './deposit-xprv.js';

// Hardhat's well-known test mnemonic: its keys are public, nothing of value sits behind them.
const PHRASE = 'test test test test test test test test test test test junk';
const account = HDNodeWallet.fromPhrase(PHRASE, undefined, DEPOSIT_ACCOUNT_PATH);
const XPRV = account.extendedKey;

const problemOf = (value: string) => {
  const check = checkSweepXprv(value);
  if (check.ok) throw new Error('accepted');
  expect(check.problem).not.toContain(value.trim().slice(4, 20));
  return check.problem;
};

describe('the sweep key (WALLET_XPRV)', () => {
  it('takes the private key exported at the deposit path, whose child i is group address i', () => {
    const check = checkSweepXprv(`  ${XPRV}\n`);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.node.deriveChild(3).address).toBe(HDNodeWallet.fromPhrase(PHRASE, undefined, `${DEPOSIT_ACCOUNT_PATH}/3`).address);
  });

  it('refuses the public key, another path, a typo and non-keys, without repeating them', () => {
    expect(problemOf(account.neuter().extendedKey)).toMatch(/PUBLIC key/);
    expect(problemOf(HDNodeWallet.fromPhrase(PHRASE, undefined, "m/44'/60'/0'").extendedKey)).toMatch(/depth 3, child 0'/);
    const typo = XPRV.slice(0, 50) + (XPRV[50] === 'c' ? 'd' : 'c') + XPRV.slice(51);
    expect(problemOf(typo)).toMatch(/checksum/);
    expect(problemOf('0x' + 'ab'.repeat(32))).toMatch(/not base58|not an extended private key/);
    expect(problemOf(PHRASE)).toMatch(/not base58/);
  });
});

describe('the sweep command\'s variables', () => {
  it('reads them apart from the server\'s config and names a bad one without its value', () => {
    expect(loadSweepConfig({ WALLET_XPRV: XPRV, HOT_WALLET_ADDRESS: '0x' + '11'.repeat(20), SWEEP_GAS_KEY: '' })).toEqual({ WALLET_XPRV: XPRV, HOT_WALLET_ADDRESS: '0x' + '11'.repeat(20) });
    const secret = 'ab'.repeat(31);
    try {
      loadSweepConfig({ SWEEP_GAS_KEY: secret, HOT_WALLET_ADDRESS: 'nope' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'SWEEP_GAS_KEY must be a 0x-prefixed 32-byte hex private key',
        'HOT_WALLET_ADDRESS must be an address (0x and 40 hex digits)',
      ]);
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
