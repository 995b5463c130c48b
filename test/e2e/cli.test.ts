import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli.js';
import { databaseExists, dropDatabase, openDatabase } from '../../services/platform/database.js';
import { migrations } from '../../services/catalog.js';
import { freePort } from '../support/tcp-proxy.js';

// What an operator sees when start-up cannot go on: a line naming the variable to fix and exit code 78,
// within a bounded time, instead of a hang or a stack trace.
describe('the warhorn command', () => {
  let errors: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    errors = [];
  });
  const capture = () => vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  const token = `123456:${'A'.repeat(35)}`;

  it('exits 78 naming REDIS_URL and the address when Redis does not answer', async () => {
    capture();
    const port = await freePort();
    // Bounded: before, this never returned (the test's own timeout is the bound now).
    const code = await runCli(['start'], { BOT_TOKEN: token, REDIS_URL: `redis://127.0.0.1:${port}`, STARTUP_WAIT_MS: '1000', LOG_LEVEL: 'silent' });
    expect(code).toBe(78);
    expect(errors.join('\n')).toMatch(new RegExp(`REDIS_URL: cannot reach Redis at 127\\.0\\.0\\.1:${port} within 1 s`));
  });

  it('exits 78 naming DATABASE_URL and the address when Postgres does not answer, and never prints the password', async () => {
    capture();
    const port = await freePort();
    const code = await runCli(['migrate'], { DATABASE_URL: `postgres://warhorn:s3cret@127.0.0.1:${port}/warhorn`, STARTUP_WAIT_MS: '500', LOG_LEVEL: 'silent' });
    expect(code).toBe(78);
    const said = errors.join('\n');
    expect(said).toMatch(new RegExp(`DATABASE_URL: cannot reach Postgres at 127\\.0\\.0\\.1:${port}`));
    expect(said).not.toContain('s3cret');
  });

  it('refuses --roles without BOT_TOKEN instead of starting the sandbox', async () => {
    capture();
    expect(await runCli(['start', '--roles', 'worker'], { LOG_LEVEL: 'silent' })).toBe(78);
    expect(errors.join('\n')).toMatch(/BOT_TOKEN is required to start --roles worker/);
  });

  it('does not create a database to verify: a missing one is an error naming DATABASE_URL', async () => {
    capture();
    const url = `postgres://postgres@127.0.0.1:5432/warhorn_e2e_missing_${randomBytes(4).toString('hex')}`;
    expect(await runCli(['history', 'verify'], { DATABASE_URL: url, LOG_LEVEL: 'silent' })).toBe(78);
    expect(errors.join('\n')).toMatch(/DATABASE_URL names database "warhorn_e2e_missing_[0-9a-f]+", which does not exist/);
    expect(await databaseExists(url)).toBe(false);
  });

  it('tells which migrations a run applied: all of them on a new database, none on the next run', async () => {
    const url = `postgres://postgres@127.0.0.1:5432/warhorn_e2e_migrate_${randomBytes(4).toString('hex')}`;
    try {
      let applied: string[] = [];
      const first = await openDatabase({ url, migrations, migrate: true, onMigrated: (names) => (applied = names) });
      await first.destroy();
      expect(applied).toHaveLength(migrations.length);
      const second = await openDatabase({ url, migrations, migrate: true, onMigrated: (names) => (applied = names) });
      await second.destroy();
      expect(applied).toEqual([]);
    } finally {
      await dropDatabase(url);
    }
  });
});
