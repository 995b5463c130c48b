// What the wallet's tests (and the deposit tests after them) share: a known key pair and a wallet over a
// real history.
import { HDNodeWallet } from 'ethers';
import type { DataSource } from 'typeorm';
import { createHistory } from '../history/index.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import type { Clock } from '../platform/clock.js';
import { createWallet, DEPOSIT_ACCOUNT_PATH, type Wallet } from './index.js';

/** Hardhat's well-known test mnemonic: its keys are public, nothing of value sits behind them. */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';
/** The operator's side: the private key at the account path, which the server never sees. */
export const testAccountKey = () => HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, DEPOSIT_ACCOUNT_PATH);
/** What the operator gives the server as WALLET_XPUB. */
export const TEST_XPUB = testAccountKey().neuter().extendedKey;

export function walletOver(db: DataSource, clock: Clock, xpub = TEST_XPUB): Promise<Wallet> {
  const base = { db, clock, log: silentLogger(), metrics: createMetrics({ defaults: false }) };
  return createWallet({ ...base, xpub, history: createHistory(base) });
}
