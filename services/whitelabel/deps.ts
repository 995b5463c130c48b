import type { ServiceBase } from '../platform/service-base.js';
import type { BotRegistry } from '../bot-registry/index.js';
import type { HistoryAppender } from '../history/index.js';
import type { Notifications } from '../notifications/index.js';
import type { WhitelabelHistoryEvent } from './history-events.js';
import type { WhitelabelMessages } from './messages.js';

export interface WhitelabelDeps extends Pick<ServiceBase, 'db' | 'log'> {
  registry: BotRegistry;
  history: HistoryAppender<WhitelabelHistoryEvent>;
  notifications: Pick<Notifications, 'enqueue'>;
  /** The main bot: it tells owners what happened to their bots (a revoked bot cannot speak). */
  mainBotId: number;
  /** Bots one owner may register (WHITELABEL_BOTS_PER_OWNER). */
  perOwner: number;
  messages: WhitelabelMessages;
}
