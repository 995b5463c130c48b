import type { ServiceBase } from '../platform/service-base.js';
import type { TokenCipher } from '../platform/token-cipher.js';

/** The registry keeps its rows in Postgres and announces changes over Redis pub/sub; it has no clock of its
 * own (getMe answers are kept until a change is announced or the reload sees the row changed) and no metrics yet. */
export interface BotRegistryDeps extends Pick<ServiceBase, 'db' | 'redis' | 'prefix' | 'log'> {
  /** A connection for this registry alone (it subscribes); the caller creates and closes it. */
  subscriber: ServiceBase['redis'];
  /** Where an added bot talks to Telegram unless it names its own (TELEGRAM_API_ROOT: a local Bot API
   * server serves every bot of the deployment). */
  defaultApiRoot: string;
  /** How many bots one process keeps resolved (and their clients). */
  cacheSize?: number;
  /** Seals and opens added bots' tokens (TOKEN_ENCRYPTION_KEY); absent: no bot can be added. */
  cipher?: TokenCipher | null;
  /** How often the directory is reloaded from Postgres besides the announcements; absent: never (tests). */
  reloadMs?: number;
}
