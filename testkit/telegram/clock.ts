// The emulator's clock: real time plus an offset a test moves, so until_date expiry, the 48-hour delete rule
// and callback query age can be crossed without waiting. Timers (long polls, webhook retries, flood buckets)
// stay on real time.
export interface EmulatorClock {
  /** Milliseconds since the epoch, as the emulator sees it. */
  nowMs(): number;
  now(): Date;
  set(d: Date): void;
  advance(ms: number): void;
}

export function createClock(): EmulatorClock {
  let offset = 0;
  const nowMs = () => Date.now() + offset;
  return {
    nowMs,
    now: () => new Date(nowMs()),
    set: (d) => {
      offset = d.getTime() - Date.now();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}
