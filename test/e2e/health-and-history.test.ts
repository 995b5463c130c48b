import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../services/platform/database.js';
import { runCli } from '../../cli.js';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { cid } from '../../services/platform/telegram-ids.test-support.js';

describe('operations: health, readiness, metrics and the history', () => {
  const name = `warhorn_e2e_ops_${randomBytes(4).toString('hex')}`;
  const directUrl = `postgres://postgres@127.0.0.1:5432/${name}`;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let t: TestPlatform;

  beforeAll(async () => {
    // The platform reaches Postgres through a relay the test can cut, as if the database host went away.
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    t = await startTestPlatform({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/${name}` });
  });

  afterAll(async () => {
    proxy?.restore();
    await t?.stop();
    await proxy?.close();
    await dropDatabase(directUrl);
  });

  it('is live and ready while Postgres and Redis answer, and exports Prometheus metrics', async () => {
    expect((await fetch(`${t.platform.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.platform.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ postgres: 'ok', redis: 'ok' });
    const metrics = await (await fetch(`${t.platform.url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_seconds_total');
    expect(metrics).toContain('warhorn_history_events_appended_total');
  });

  it('turns not-ready (503) while Postgres is unreachable, and ready again when it is back', async () => {
    proxy.cut();
    const down = await fetch(`${t.platform.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ postgres: expect.stringMatching(/^unavailable/), redis: 'ok' });
    expect((await fetch(`${t.platform.url}/healthz`)).status).toBe(200);
    proxy.restore();
    await eventually(async () => (await fetch(`${t.platform.url}/readyz`)).status === 200, 'readyz to recover');
  });

  it('keeps a history that `warhorn history verify` proves intact, and catches tampering', async () => {
    const ann = t.emulator.createUser({ firstName: 'Ann' });
    const group = t.emulator.createGroup({ title: 'Audit Club', type: 'supergroup', ownerId: ann.id });
    t.emulator.addBotToGroup(group.id, t.bot.id, ann.id, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(group.id)))?.active, 'the group to register');

    const env = { DATABASE_URL: directUrl, LOG_LEVEL: 'silent' };
    expect(await runCli(['history', 'verify'], env)).toBe(0);

    // A superuser alters a recorded event behind the triggers' back.
    const admin = new pg.Client({ connectionString: directUrl });
    await admin.connect();
    try {
      const [row] = (await admin.query(`SELECT id FROM history.events WHERE action = 'group.registered' LIMIT 1`)).rows as Array<{ id: string }>;
      await expect(admin.query(`UPDATE history.events SET data = '{}' WHERE id = $1`, [row!.id])).rejects.toThrow();
      await admin.query('BEGIN');
      await admin.query(`SET LOCAL session_replication_role = replica`);
      await admin.query(`UPDATE history.events SET data = jsonb_set(data, '{title}', '"Evil Club"') WHERE id = $1`, [row!.id]);
      await admin.query('COMMIT');
      const errors: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args.join(' '));
      try {
        expect(await runCli(['history', 'verify'], env)).not.toBe(0);
      } finally {
        console.error = original;
      }
      expect(errors.join('\n')).toContain(`event ${row!.id}`);
    } finally {
      await admin.end();
    }
  });

  it('refuses a bad configuration at start, naming the variable', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      expect(await runCli(['start'], { BOT_MODE: 'push', HTTP_PORT: 'x' })).toBe(78);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/BOT_MODE/);
    expect(errors.join('\n')).toMatch(/HTTP_PORT/);
  });
});
