import type { TelegramProfile } from './upsert-user.js';

/** Members who were written to the database moments ago, with the profile we wrote. The upsert would
 * write nothing for them for five minutes anyway (see upsert-user.ts), so the hot path skips the round
 * trips entirely. Bounded: the oldest entries go first. Per process; correctness never depends on it. */
export function recentlySeen(options: { max: number; ttlMs: number; now: () => number }) {
  const entries = new Map<number, { key: string; at: number }>();
  const keyOf = (p: TelegramProfile) => `${p.username ?? ''}\u0000${p.first_name}\u0000${p.last_name ?? ''}\u0000${p.language_code ?? ''}\u0000${p.is_premium ? 1 : 0}`;
  return {
    has(profile: TelegramProfile): boolean {
      const entry = entries.get(profile.id);
      return entry !== undefined && entry.key === keyOf(profile) && options.now() - entry.at < options.ttlMs;
    },
    remember(profile: TelegramProfile): void {
      entries.delete(profile.id);
      entries.set(profile.id, { key: keyOf(profile), at: options.now() });
      if (entries.size > options.max) entries.delete(entries.keys().next().value!);
    },
  };
}
