import { randomUUID } from 'node:crypto';
import type { Redis } from '../platform/redis.js';
import type { Logger } from '../platform/logger.js';

/** What every process hears when a bot is added or changed: drop what you kept of it. */
export interface Announcements {
  publish(botId: number): Promise<void>;
  close(): Promise<void>;
}

/** Redis pub/sub on one channel under the deployment's prefix. Pub/sub keeps nothing for a subscriber that
 * was away, so after a reconnect `onMissed` runs: whatever was announced in between is unknown. */
export async function listenForAnnouncements(options: {
  publisher: Redis;
  /** A connection of its own: a subscribed connection can run nothing else. */
  subscriber: Redis;
  channel: string;
  log: Logger;
  onChanged(botId: number): void;
  onMissed(): void;
}): Promise<Announcements> {
  const { publisher, subscriber, channel, log } = options;
  // The publisher forgot the bot before announcing it; its own message coming back must not make it forget
  // again what it has made since.
  const self = randomUUID();
  let lost = false;
  const onClose = () => {
    lost = true;
  };
  // ioredis subscribes again by itself after a reconnect; 'ready' comes after that.
  const onReady = () => {
    if (!lost) return;
    lost = false;
    log.info({ channel }, 'bot registry announcements back; forgetting every kept bot');
    options.onMissed();
  };
  const onMessage = (on: string, message: string) => {
    if (on !== channel) return;
    const [sender, id] = message.split(' ');
    const botId = Number(id);
    if (sender !== self && Number.isSafeInteger(botId)) options.onChanged(botId);
  };
  subscriber.on('close', onClose);
  subscriber.on('ready', onReady);
  subscriber.on('message', onMessage);
  await subscriber.subscribe(channel);
  return {
    async publish(botId) {
      await publisher.publish(channel, `${self} ${botId}`);
    },
    async close() {
      subscriber.off('close', onClose);
      subscriber.off('ready', onReady);
      subscriber.off('message', onMessage);
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
