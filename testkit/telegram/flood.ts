// Telegram-like flood control, per bot. Telegram does not publish exact rules; the FAQ says about
// 1 message/s in one chat (short bursts tolerated), 20 messages/min in one group, about 30 messages/s
// overall. We model: a token bucket per (bot, chat) of `perChatBurst` tokens refilled at
// `perChatPerSecond`; a sliding 60 s window per (bot, group); a sliding 1 s window per bot.

export interface FloodLimits {
  perChatBurst: number;
  perChatPerSecond: number;
  perGroupPerMinute: number;
  perBotPerSecond: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  perChatBurst: 3,
  perChatPerSecond: 1,
  perGroupPerMinute: 20,
  perBotPerSecond: 30,
};

interface Bucket { tokens: number; at: number }

export class FloodControl {
  enabled = true;
  limits: FloodLimits = { ...DEFAULT_FLOOD_LIMITS };
  private buckets = new Map<string, Bucket>();
  private groupWindows = new Map<string, number[]>();
  private botWindows = new Map<number, number[]>();

  configure(on: boolean | Partial<FloodLimits>): void {
    if (typeof on === 'boolean') this.enabled = on;
    else {
      this.enabled = true;
      this.limits = { ...DEFAULT_FLOOD_LIMITS, ...on };
    }
  }

  /** Records one message from `botId` to `chatId` if allowed; otherwise returns whole seconds to wait. */
  take(botId: number, chatId: number, isGroup: boolean, now = Date.now()): number {
    if (!this.enabled) return 0;
    const l = this.limits;
    let waitMs = 0;

    const key = `${botId}:${chatId}`;
    const bucket = this.buckets.get(key) ?? { tokens: l.perChatBurst, at: now };
    bucket.tokens = Math.min(l.perChatBurst, bucket.tokens + ((now - bucket.at) / 1000) * l.perChatPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) waitMs = Math.max(waitMs, ((1 - bucket.tokens) / l.perChatPerSecond) * 1000);

    const group = isGroup ? prune(this.groupWindows, key, now - 60_000) : undefined;
    if (group && group.length >= l.perGroupPerMinute) {
      waitMs = Math.max(waitMs, group[group.length - l.perGroupPerMinute]! + 60_000 - now);
    }
    const all = prune(this.botWindows, botId, now - 1000);
    if (all.length >= l.perBotPerSecond) waitMs = Math.max(waitMs, all[all.length - l.perBotPerSecond]! + 1000 - now);

    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    bucket.tokens -= 1;
    group?.push(now);
    all.push(now);
    return 0;
  }

  reset(): void {
    this.buckets.clear();
    this.groupWindows.clear();
    this.botWindows.clear();
  }
}

function prune<K>(map: Map<K, number[]>, key: K, since: number): number[] {
  const list = (map.get(key) ?? []).filter((t) => t > since);
  map.set(key, list);
  return list;
}
