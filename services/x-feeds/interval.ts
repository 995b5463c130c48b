// How often an account is read. X bills posts, not requests, so polling a quiet account often costs little
// money but spends the app's rate-limit window, which every account shares: quiet accounts back off, busy
// ones are read often. Multiplicative both ways, like TCP's congestion window: a post found halves the
// interval, an empty read lengthens it by half, within the operator's bounds.

export interface IntervalBounds {
  minIntervalMs: number;
  maxIntervalMs: number;
}

export function nextInterval(current: number, foundPosts: number, bounds: IntervalBounds): number {
  const next = foundPosts > 0 ? current / 2 : current * 1.5;
  return Math.round(Math.min(bounds.maxIntervalMs, Math.max(bounds.minIntervalMs, next)));
}
