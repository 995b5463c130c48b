import type { Logger } from './logger.js';

/** What a start opened, to close in the reverse order: on stop, and when start fails half way (a process
 * that failed to start must not keep a Postgres pool or a Redis connection open, or a test process and a
 * supervisor retrying start-up would pile them up). */
export class Teardown {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  /** Runs every step, newest first, once; a step that fails is logged and the others still run. */
  async run(log: Logger): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        log.warn({ err: error, step: step.name }, 'closing failed');
      }
    }
  }
}
