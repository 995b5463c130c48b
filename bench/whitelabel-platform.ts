// The platform in a process of its own, for the white-label bench (bench/whitelabel-bench.ts): the memory it
// reports is that of the process serving the bots, not of the load generator, the registrations or the
// emulator. Driven over IPC: start with a configuration and roles, report memory, register a bot, stop.
import 'reflect-metadata';
import { loadConfig } from '../services/platform/config.js';
import { silentLogger } from '../services/platform/logger.js';
import { startPlatform, type Platform, type Role } from '../composition.js';
import type { RegisterInput } from '../services/whitelabel/index.js';

export type PlatformRequest =
  | { op: 'start'; env: Record<string, string>; roles: Role[] }
  | { op: 'memory'; resetPeak?: boolean; gc?: boolean }
  | { op: 'register'; input: RegisterInput }
  | { op: 'stop' };

export interface PlatformMemory {
  rssMb: number;
  /** The highest RSS sampled (every 20 ms) since the process began or the last reset. */
  peakRssMb: number;
  heapUsedMb: number;
  /** Heap used right after a full collection (the process runs with --expose-gc): what is really kept. */
  liveHeapMb?: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

let platform: Platform | undefined;
let peak = 0;
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
  return rss;
};
setInterval(sample, 20).unref();

async function answer(request: PlatformRequest): Promise<unknown> {
  switch (request.op) {
    case 'start': {
      const started = performance.now();
      platform = await startPlatform(loadConfig(request.env), request.roles, silentLogger());
      return { url: platform.url, mainBotId: platform.mainBot.id, startMs: performance.now() - started };
    }
    case 'memory': {
      const rss = sample();
      const result: PlatformMemory = { rssMb: mb(rss), peakRssMb: mb(peak), heapUsedMb: mb(process.memoryUsage().heapUsed) };
      const gc = (globalThis as { gc?: () => void }).gc;
      if (request.gc && gc) {
        gc();
        result.liveHeapMb = mb(process.memoryUsage().heapUsed);
      }
      if (request.resetPeak) peak = rss;
      return result;
    }
    case 'register': {
      if (!platform) throw new Error('not started');
      return platform.whitelabel.register(request.input);
    }
    case 'stop': {
      await platform?.stop();
      platform = undefined;
      return true;
    }
  }
}

process.on('message', (message: { id: number; request: PlatformRequest }) => {
  answer(message.request).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});
process.on('disconnect', () => {
  void (platform?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
});
process.send?.({ ready: true });
