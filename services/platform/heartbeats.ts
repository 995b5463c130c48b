import type { Clock } from './clock.js';
import { gauge, type Registry } from './metrics.js';

/** When each of a process's loops (the outbox dispatcher, the history sealer, the raid sweep) last completed
 * a round. A loop stuck on a stalled database stops beating; readiness and alerts read the age here, on the
 * scrape, instead of gauges the stuck loop itself would have had to update. */
export function createHeartbeats(metrics: Registry, clock: Clock) {
  const last = new Map<string, number>();
  const expected = new Map<string, number>();
  const lastSuccess = gauge(metrics, 'warhorn_loop_last_success_timestamp_seconds', 'When a loop last completed a round (alert on time() minus this)', ['loop']);
  return {
    /** The loop completed a round. */
    beat(loop: string): void {
      const now = clock.now().getTime();
      last.set(loop, now);
      lastSuccess.set({ loop }, now / 1000);
    },
    /** This process runs `loop`, which should beat at least every `maxAgeMs`. Watched from now on. */
    watch(loop: string, maxAgeMs: number): void {
      expected.set(loop, maxAgeMs);
      if (!last.has(loop)) this.beat(loop);
    },
    /** How long ago the loop beat (ms), or Infinity for one that never did. */
    age(loop: string): number {
      const at = last.get(loop);
      return at === undefined ? Infinity : clock.now().getTime() - at;
    },
    /** Watched loops that have not beaten within their allowance. */
    stale(): Array<{ loop: string; ageMs: number }> {
      return [...expected].map(([loop, maxAgeMs]) => ({ loop, ageMs: this.age(loop), maxAgeMs })).filter((l) => l.ageMs > l.maxAgeMs).map(({ loop, ageMs }) => ({ loop, ageMs }));
    },
  };
}
export type Heartbeats = ReturnType<typeof createHeartbeats>;
