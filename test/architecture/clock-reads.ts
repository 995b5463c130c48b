// "The clock is always passed": a service or a worker takes "now" from the Clock it was given
// (services/platform/clock.ts), so tests and the fakes' clocks decide time. This reads every production file
// under services/ and workers/ with the lexer of import-specifiers.ts (a comment that says Date.now() does
// not count) and reports `Date.now()` and `new Date()` without arguments.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestFile, listSources } from './import-graph.js';
import { literalsAndNames } from './import-specifiers.js';

export interface ClockFinding {
  file: string;
  line: number;
  found: 'Date.now()' | 'new Date()';
}

/** Where time may be read directly: the system clock itself, and the start-up wait on a socket that bounds
 * how long the process waits for Postgres and Redis before any service (or clock) exists. */
export const CLOCK_ALLOWED = ['services/platform/clock.ts', 'services/platform/reachability.ts'];

/** Direct reads of the system time in production files of services/ and workers/ under `root`. */
export function findClockReads(root: string, options: { skip?: readonly string[] } = {}): ClockFinding[] {
  const findings: ClockFinding[] = [];
  for (const file of listSources(root, options.skip ?? [])) {
    if (!(file.startsWith('services/') || file.startsWith('workers/')) || isTestFile(file) || CLOCK_ALLOWED.includes(file)) continue;
    const source = readFileSync(join(root, file), 'utf8');
    const lines = source.split('\n');
    const { names } = literalsAndNames(source);
    for (let i = 0; i + 1 < names.length; i++) {
      const [a, b] = [names[i]!, names[i + 1]!];
      if (a.line !== b.line) continue;
      // The lexer says it is code; the line says whether it is a call (and, for Date, without arguments).
      const text = lines[a.line - 1] ?? '';
      if (a.name === 'Date' && b.name === 'now' && /\bDate\s*\.\s*now\s*\(/.test(text)) findings.push({ file, line: a.line, found: 'Date.now()' });
      if (a.name === 'new' && b.name === 'Date' && /\bnew\s+Date\s*\(\s*\)/.test(text)) findings.push({ file, line: a.line, found: 'new Date()' });
    }
  }
  return findings.sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line);
}
