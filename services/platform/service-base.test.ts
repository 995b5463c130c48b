import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { systemClock } from './clock.js';
import { loggerOptions } from './logger.js';
import { createMetrics } from './metrics.js';
import type { Redis } from './redis.js';
import { serviceBase, type ServiceBase } from './service-base.js';

describe('serviceBase', () => {
  it('names the service in the logger once and passes the rest of the bundle as it is', () => {
    const lines: string[] = [];
    const log = pino(loggerOptions({ level: 'info' }), { write: (line: string) => void lines.push(line) });
    // Never opened: the bundle only carries the connections.
    const base: ServiceBase = { db: {} as DataSource, redis: {} as Redis, prefix: '{t}', log, metrics: createMetrics({ defaults: false }), clock: systemClock };
    const raids = serviceBase(base, 'raids');
    raids.log.info({ raidId: '1' }, 'hello');
    expect(lines).toHaveLength(1);
    // A raw line, since JSON.parse keeps only the last of a repeated key.
    expect(lines[0]!.match(/"service":/g)).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'raids', raidId: '1', msg: 'hello' });
    expect({ ...raids, log: undefined }).toEqual({ ...base, log: undefined });
    expect(base.log).toBe(log);
  });
});
