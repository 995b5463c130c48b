import type { OutboxPriority } from './types.js';

// Stored as a rank, lower first, the way BullMQ numbers job priorities: one number serves the lane's order
// (ORDER BY priority, seq, which an ascending index serves) and the job's `priority` option. BullMQ's 0
// means "no priority" and runs before every prioritized job, so it is never used.
const RANKS: Record<OutboxPriority, number> = { high: 1, normal: 2, low: 3 };
const NAMES = ['high', 'normal', 'low'] as const satisfies readonly OutboxPriority[];

export const NORMAL_RANK = RANKS.normal;
export const LOW_RANK = RANKS.low;

export function rankOf(priority: OutboxPriority | undefined): number {
  const name = priority ?? 'normal';
  // A caller outside TypeScript's reach (a typo in JSON) gets an error, not a silent default.
  if (!Object.hasOwn(RANKS, name)) throw new Error(`outbox: unknown priority ${JSON.stringify(priority)}`);
  return RANKS[name];
}

export function priorityOf(rank: number): OutboxPriority {
  const name = NAMES[rank - 1];
  if (!name) throw new Error(`outbox: unknown priority rank ${rank}`);
  return name;
}
