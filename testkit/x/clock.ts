// The fake's clock: real time plus an offset the driver moves, so 15-minute windows and the 7-day
// search horizon can be crossed in a test without waiting.
export interface FakeClock {
  now(): Date;
  set(d: Date): void;
  advance(ms: number): void;
}

export function createClock(base: () => Date = () => new Date()): FakeClock {
  let offset = 0;
  return {
    now: () => new Date(base().getTime() + offset),
    set: (d) => {
      offset = d.getTime() - base().getTime();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}
