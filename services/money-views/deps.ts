// What the money views are built from. They own no table: balances and statements are the ledger's, deposit
// rows the scanner's, each read through its service's index; the chains name and format the assets.
import type { Deposits } from '../deposits/index.js';
import type { Ledger } from '../ledger/index.js';
import type { ChainConfig } from '../platform/chains.js';

export interface MoneyViewsDeps {
  ledger: Pick<Ledger, 'balances' | 'ownerStatement' | 'fundedAccounts'>;
  deposits: Pick<Deposits, 'ofGroup'>;
  /** The configured chains: every asset they list is shown (a zero balance too), in their order. */
  chains: readonly ChainConfig[];
}
