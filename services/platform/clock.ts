/** Time comes in as a dependency so tests and jobs can reason about it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
