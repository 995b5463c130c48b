import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from './database.js';
import { createMetrics, type Registry } from './metrics.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';

// Real conflicts on a real Postgres: a concurrent update under SERIALIZABLE, a deadlock between two
// transactions, a lock held past lock_timeout. The transactions go through the DataSource every service uses.
describe('transactions that lose a race to another transaction', () => {
  let test: TestDatabase;
  let db: DataSource;
  let metrics: Registry;
  let other: pg.Client;

  const retries = async (reason: string) =>
    (await metrics.getSingleMetricAsString('warhorn_db_transaction_retries_total'))
      .split('\n')
      .filter((line) => line.includes(`reason="${reason}"`))
      .map((line) => Number(line.split(' ').pop()))
      .reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    test = await freshDatabase('tx_retry');
    metrics = createMetrics({ defaults: false });
    db = createDataSource({ url: test.url, migrations: [], metrics, poolSize: 5, retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 50 } });
    await db.initialize();
    await db.query(`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)`);
    other = new pg.Client({ connectionString: test.url });
    await other.connect();
  });

  beforeEach(async () => {
    metrics.resetMetrics();
    await db.query(`TRUNCATE counters`);
    await db.query(`INSERT INTO counters VALUES (1, 0), (2, 0)`);
  });

  afterAll(async () => {
    await other.end();
    await db.destroy();
    await test.drop();
  });

  const value = async (id: number) => ((await db.query(`SELECT n FROM counters WHERE id = $1`, [id])) as Array<{ n: number }>)[0]!.n;

  it('runs a serializable transaction again after a concurrent update, so no update is lost', async () => {
    let attempts = 0;
    await db.transaction('SERIALIZABLE', async (tx) => {
      attempts++;
      const [{ n }] = (await tx.query(`SELECT n FROM counters WHERE id = 1`)) as [{ n: number }];
      // Someone else adds 1 after this transaction took its snapshot and before it writes.
      if (attempts === 1) await other.query(`UPDATE counters SET n = n + 1 WHERE id = 1`);
      await tx.query(`UPDATE counters SET n = $1 WHERE id = 1`, [n + 10]);
    });
    expect(attempts).toBe(2);
    expect(await value(1)).toBe(11);
    expect(await retries('serialization_failure')).toBe(1);
  });

  it('completes both transactions of a deadlock: the victim is run again', async () => {
    let firstLocks = 0;
    let bothLocked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
    const attempts = [0, 0];
    const crosswise = (index: number, first: number, second: number) =>
      db.transaction(async (tx) => {
        attempts[index]!++;
        await tx.query(`UPDATE counters SET n = n + 1 WHERE id = $1`, [first]);
        if (attempts[index] === 1) {
          if (++firstLocks === 2) bothLocked();
          await barrier;
        }
        await tx.query(`UPDATE counters SET n = n + 1 WHERE id = $1`, [second]);
      });
    await Promise.all([crosswise(0, 1, 2), crosswise(1, 2, 1)]);
    expect([await value(1), await value(2)]).toEqual([2, 2]);
    expect(attempts[0]! + attempts[1]!).toBe(3);
    expect(await retries('deadlock')).toBe(1);
  });

  it('gives up after its attempts with Postgres error when the lock never comes free, and succeeds once it does', async () => {
    await other.query('BEGIN');
    await other.query(`SELECT * FROM counters WHERE id = 2 FOR UPDATE`);
    let attempts = 0;
    const bump = () =>
      db.transaction(async (tx) => {
        attempts++;
        await tx.query(`SET LOCAL lock_timeout = '30ms'`);
        await tx.query(`UPDATE counters SET n = n + 1 WHERE id = 2`);
      });
    const refused = await bump().catch((error: unknown) => error);
    expect(refused).toMatchObject({ driverError: { code: '55P03' } });
    expect(attempts).toBe(4);
    expect(await retries('lock_not_available')).toBe(3);

    await other.query('COMMIT');
    await bump();
    expect(await value(2)).toBe(1);
  });

  it('does not repeat a transaction that failed for another reason', async () => {
    let attempts = 0;
    const failed = await db
      .transaction(async (tx) => {
        attempts++;
        await tx.query(`INSERT INTO counters VALUES (1, 5)`);
      })
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ driverError: { code: '23505' } });
    expect(attempts).toBe(1);
    expect(await value(1)).toBe(0);
  });
});
