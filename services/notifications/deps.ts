import type { ServiceBase } from '../platform/service-base.js';
import type { PaceLimits, SendApiOf } from './types.js';

/** The whole bundle: rows in Postgres, the queue and the pacing keys in Redis under `prefix` (BullMQ blocks
 * on the connection: `createRedis` sets the `maxRetriesPerRequest: null` it needs). */
export interface NotificationsDeps extends Pick<ServiceBase, 'db' | 'redis' | 'prefix' | 'log' | 'metrics' | 'clock'> {
  /** The Bot API client a bot's messages leave through (the bot registry's, with a bounded timeout). */
  sendApi: SendApiOf;
  limits?: Partial<PaceLimits>;
  /** Defaults to `notifications-outbox`. */
  queueName?: string;
}
