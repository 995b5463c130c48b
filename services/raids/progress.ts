import type { RaidProgress, RaidTargets } from './types.js';

const KEYS: Array<keyof RaidTargets> = ['replies', 'reposts', 'likes', 'quotes', 'bookmarks'];

export const targetsReached = (targets: RaidTargets, progress: RaidProgress) =>
  KEYS.every((key) => targets[key] <= 0 || progress[key] >= targets[key]);

export function progressFrom(baseline: RaidProgress, current: RaidProgress): RaidProgress {
  const delta = (k: keyof RaidProgress) => Math.max(0, current[k] - baseline[k]);
  return { replies: delta('replies'), reposts: delta('reposts'), likes: delta('likes'), quotes: delta('quotes'), bookmarks: delta('bookmarks') };
}
