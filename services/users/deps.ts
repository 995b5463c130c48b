import type { ServiceBase } from '../platform/service-base.js';
import type { HistoryAppender } from '../history/index.js';
import type { UserHistoryEvent } from './history-events.js';
import type { XLinker } from './x-linking.js';
import type { WalletLinkSettings } from './siwe-message.js';

/** Users live in Postgres; Redis (and the logger) serve only bio-code and wallet linking, so a caller that
 * links neither (a test, a script) may leave them out. */
export interface UsersDeps extends Pick<ServiceBase, 'db' | 'clock'>, Partial<Pick<ServiceBase, 'redis' | 'prefix' | 'log'>> {
  /** Only this service's declared events (history-events.ts) can be recorded. */
  history: HistoryAppender<UserHistoryEvent>;
  /** The X service, for linking members' X accounts (bio codes read profiles, OAuth needs its client).
   * Without it, linking answers `not_configured`. */
  x?: XLinker;
  /** What the wallet-linking message names (domain, URI, chain id); DEFAULT_WALLET_LINK without it. */
  walletLink?: WalletLinkSettings;
}
