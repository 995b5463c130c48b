// "The clock is always passed" over the real tree, and proof on a planted tree (test/architecture/fixtures/clock/)
// that the check fails when a service or a worker reads the system time itself.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listSources } from './import-graph.js';
import { findClockReads } from './clock-reads.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/clock', import.meta.url));

describe('services and workers take the time from their clock', () => {
  it('holds for the whole tree: no Date.now() and no new Date() without arguments', () => {
    expect(findClockReads(ROOT, { skip: ['test/architecture/fixtures'] })).toEqual([]);
    // It read the workers rather than finding nothing to read.
    expect(listSources(ROOT, ['test/architecture/fixtures']).filter((f) => f.startsWith('workers/')).length).toBeGreaterThan(3);
  });

  it('finds both in code, not in comments, strings, test support or the allowed start-up wait', () => {
    expect(findClockReads(FIXTURE)).toEqual([
      { file: 'services/raids/unlock.ts', line: 2, found: 'Date.now()' },
      { file: 'services/raids/unlock.ts', line: 3, found: 'new Date()' },
      { file: 'workers/raid-jobs.ts', line: 1, found: 'Date.now()' },
    ]);
  });
});
