import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Teardown } from './teardown.js';

describe('Teardown', () => {
  it('closes newest first, goes on past a step that fails, and runs each step once', async () => {
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const closed: string[] = [];
    const teardown = new Teardown();
    teardown.add('database', async () => void closed.push('database'));
    teardown.add('redis', async () => {
      closed.push('redis');
      throw new Error('already gone');
    });
    teardown.add('http', async () => void closed.push('http'));
    await teardown.run(log);
    await teardown.run(log);
    expect(closed).toEqual(['http', 'redis', 'database']);
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ step: 'redis', msg: 'closing failed' });
  });
});
