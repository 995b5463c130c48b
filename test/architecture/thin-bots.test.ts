// "bots/ never holds db" over the real tree, and proof on a planted tree (test/architecture/fixtures/thin-bots/)
// that the check fails when a bot file imports typeorm, opens a transaction or reads ctx.deps.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listSources } from './import-graph.js';
import { findFatBots } from './thin-bots.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/thin-bots', import.meta.url));

describe('bots/ is thin over services', () => {
  it('holds for the whole tree: no bot file imports typeorm, opens a transaction or reads ctx.deps', () => {
    expect(findFatBots(ROOT, { skip: ['test/architecture/fixtures'] })).toEqual([]);
    // It read the bots rather than finding nothing to read.
    expect(listSources(ROOT, ['test/architecture/fixtures']).filter((f) => f.startsWith('bots/features/') && !f.includes('.test')).length).toBeGreaterThan(20);
  });

  it('finds the import, the calls and ctx.deps in code, in production files of bots/ only, not in comments or strings', () => {
    expect(findFatBots(FIXTURE)).toEqual([
      { file: 'bots/features/export/index.ts', line: 1, found: 'typeorm' },
      { file: 'bots/features/export/index.ts', line: 5, found: '.transaction(' },
      { file: 'bots/features/export/index.ts', line: 5, found: 'ctx.deps' },
      { file: 'bots/features/export/index.ts', line: 6, found: '.transaction(' },
      { file: 'bots/features/export/index.ts', line: 6, found: 'ctx.deps' },
      { file: 'bots/features/raids/index.ts', line: 1, found: 'typeorm' },
    ]);
  });
});
