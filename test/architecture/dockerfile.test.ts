import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `docker build` cannot run on this machine (no engine), so what breaks it first is checked here: a COPY
// from the build context names a file that is not in the repository, or one .dockerignore leaves out.
const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** The context sources of every COPY that is not from an earlier stage. */
function copySources(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/i.test(line))
    .flatMap((line) => {
      const args = line.split(/\s+/).slice(1).filter((a) => !a.startsWith('--'));
      return args.slice(0, -1);
    });
}

/** Top-level names .dockerignore excludes (the file lists names and globs; only exact names matter here). */
function ignored(dockerignore: string): Set<string> {
  return new Set(
    dockerignore
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('!') && !/[*?]/.test(l)),
  );
}

describe('the Dockerfile', () => {
  const sources = copySources(read('Dockerfile'));

  it('copies only files the repository has and the build context keeps', () => {
    expect(sources.length).toBeGreaterThan(0);
    const dropped = ignored(read('.dockerignore'));
    for (const source of sources) {
      if (source === '.') continue;
      expect(existsSync(join(root, source)), `COPY ${source}: not in the repository`).toBe(true);
      expect(dropped.has(source), `COPY ${source}: .dockerignore leaves it out of the build context`).toBe(false);
    }
  });

  it('installs with npm ci from the committed lock file', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(sources).toContain('package-lock.json');
  });

  it('would be caught copying a file that is not there', () => {
    expect(copySources('FROM node:20\nCOPY package.json .npmrc ./\nCOPY --from=build /app/dist ./dist')).toEqual(['package.json', '.npmrc']);
    expect(existsSync(join(root, '.npmrc'))).toBe(false);
  });
});
