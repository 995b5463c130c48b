import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptKeystoreJson, Wallet } from 'ethers';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, configByConcern, loadConfig } from './config.js';
import { loadHotWallet } from './hot-wallet.js';
import { loggerOptions } from './logger.js';

// A key nobody uses; what matters is that no message repeats it.
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the hot wallet configuration', () => {
  it('turns withdrawals on with a private key, and leaves them off without one', () => {
    expect(configByConcern(loadConfig({})).withdrawals.hotWallet).toBeNull();
    expect(configByConcern(loadConfig({ HOT_WALLET_KEY: KEY })).withdrawals).toEqual({ hotWallet: { kind: 'key', privateKey: KEY }, intervalMs: 15_000 });
  });

  it('names the variable of a bad key without echoing the key', () => {
    const typo = `${KEY.slice(0, -1)}z`;
    const found = problems({ HOT_WALLET_KEY: typo });
    expect(found).toEqual([expect.stringMatching(/^HOT_WALLET_KEY must be a 0x-prefixed 32-byte hex private key/)]);
    expect(found.join()).not.toContain(typo.slice(2, 20));
    const zero = `0x${'0'.repeat(64)}`;
    expect(problems({ HOT_WALLET_KEY: zero })).toEqual(['HOT_WALLET_KEY is not a valid secp256k1 private key']);
    expect(problems({ HOT_WALLET_KEYSTORE: '/x.json' })).toEqual(['HOT_WALLET_KEYSTORE_PASSWORD is required when HOT_WALLET_KEYSTORE is set']);
    expect(problems({ HOT_WALLET_KEY: KEY, HOT_WALLET_KEYSTORE: '/x.json', HOT_WALLET_KEYSTORE_PASSWORD: 'pw' })).toEqual(['HOT_WALLET_KEYSTORE and HOT_WALLET_KEY are both set: use one']);
  });

  it('opens an encrypted keystore with its password, and says which variable is wrong when it cannot', async () => {
    const wallet = new Wallet(KEY);
    // A light scrypt (N = 2^10) keeps the test fast; real keystores use more and decrypt the same way.
    const json = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, 'correct horse', { scrypt: { N: 1024 } });
    const dir = mkdtempSync(join(tmpdir(), 'warhorn-keystore-'));
    const path = join(dir, 'hot.json');
    writeFileSync(path, json);
    const settings = configByConcern(loadConfig({ HOT_WALLET_KEYSTORE: path, HOT_WALLET_KEYSTORE_PASSWORD: 'correct horse' }));
    expect(settings.withdrawals.hotWallet).toEqual({ kind: 'keystore', path, password: 'correct horse' });
    expect((await loadHotWallet(settings.withdrawals.hotWallet!)).address).toBe(wallet.address);
    const wrong = await loadHotWallet({ kind: 'keystore', path, password: 'battery staple' }).catch((e: Error) => e);
    expect((wrong as Error).message).toMatch(/^HOT_WALLET_KEYSTORE cannot be decrypted with HOT_WALLET_KEYSTORE_PASSWORD/);
    expect((wrong as Error).message).not.toContain('battery');
    writeFileSync(join(dir, 'junk.json'), 'not json');
    await expect(loadHotWallet({ kind: 'keystore', path: join(dir, 'junk.json'), password: 'x' })).rejects.toThrow(/^HOT_WALLET_KEYSTORE is not a JSON keystore$/);
    await expect(loadHotWallet({ kind: 'keystore', path: join(dir, 'missing.json'), password: 'x' })).rejects.toThrow(/^HOT_WALLET_KEYSTORE cannot be read \(ENOENT\)/);
  });

  it('never reaches a log: the settings and the variables are redacted by name', () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _e, done) => { lines.push(chunk.toString('utf8')); done(); } });
    const log = pino(loggerOptions({ level: 'info' }), stream);
    const settings = configByConcern(loadConfig({ HOT_WALLET_KEY: KEY }));
    log.info({ withdrawals: settings.withdrawals, env: { HOT_WALLET_KEY: KEY, HOT_WALLET_KEYSTORE_PASSWORD: 'correct horse' } }, 'settings');
    log.info({ hotWallet: { kind: 'keystore', path: '/k.json', password: 'correct horse' } }, 'keystore');
    const out = lines.join('');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain(KEY.slice(2, 20));
    expect(out).not.toContain('correct horse');
  });
});
