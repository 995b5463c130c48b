import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics, type Registry } from '../platform/metrics.js';
import { sleep, systemClock } from '../platform/clock.js';
import { createHistory, type History, type HistoryEventInput } from './index.js';
import { verifyChain } from './verify.js';
import { sealAll, tamper, unsealedCount } from './history.test-support.js';

const event = (subjectId: string, data: Record<string, unknown> = {}): HistoryEventInput => ({
  actor: { kind: 'user', id: '1001' },
  action: 'group.settings_changed',
  subject: { kind: 'group', id: subjectId },
  data,
});

async function sealedSeq(db: DataSource, eventId: string): Promise<string[]> {
  const rows: Array<{ seq: string }> = await db.query(`SELECT seq::text FROM history.seals WHERE event_id = $1`, [eventId]);
  return rows.map((r) => r.seq);
}

async function expectEachSealedOnce(db: DataSource): Promise<void> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM history.events)::int AS events,
            (SELECT count(*) FROM history.seals)::int AS seals,
            (SELECT count(DISTINCT event_id) FROM history.seals)::int AS distinct_events,
            (SELECT coalesce(max(seq), 0) FROM history.seals)::int AS max_seq`,
  );
  expect(row.seals).toBe(row.events);
  expect(row.distinct_events).toBe(row.events);
  expect(row.max_seq).toBe(row.events);
}


function make(db: DataSource, metrics: Registry = createMetrics({ defaults: false }), sealBatchSize?: number): History {
  return createHistory({ clock: systemClock, db, log: silentLogger(), metrics, ...(sealBatchSize ? { sealBatchSize } : {}) });
}

describe('history (shared chain)', () => {
  let tdb: TestDatabase;
  let db: DataSource;
  let history: History;
  let metrics: Registry;

  beforeAll(async () => {
    tdb = await freshDatabase('history');
    db = tdb.dataSource;
    metrics = createMetrics({ defaults: false });
    history = make(db, metrics);
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('an append in a transaction that rolls back leaves no event', async () => {
    await expect(
      db.transaction(async (tx) => {
        await history.append(tx, event('rolled-back'));
        throw new Error('business failure');
      }),
    ).rejects.toThrow('business failure');
    expect(await history.list({ subjectKind: 'group', subjectId: 'rolled-back' })).toEqual([]);
  });

  it('rejects bad input with a clear message', async () => {
    await expect(history.append(db.manager, { ...event('x'), data: { amount: 10n } })).rejects.toThrow(/data\.amount is a bigint; pass it as a string/);
    await expect(history.append(db.manager, { ...event('x'), action: '' })).rejects.toThrow(/action must be a non-empty string/);
    await expect(history.append(db.manager, { ...event('x'), actor: { kind: 'robot' as 'bot' } })).rejects.toThrow(/actor\.kind must be one of/);
  });

  it('appends, seals and verifies; list shows the events newest first with their seq', async () => {
    const ids = await db.transaction(async (tx) => [
      await history.append(tx, {
        actor: { kind: 'system' },
        action: 'group.registered',
        subject: { kind: 'group', id: '-100123' },
        data: { title: 'Café 🚀 «raid»', nested: { z: [1, { b: 2, a: 1 }], a: null }, amount: (2n ** 128n).toString(), ratio: 1.5 },
      }),
      ...(await history.appendMany(tx, [event('-100123', { admin: '42' }), event('-100999')])),
    ]);
    expect(ids.map(BigInt)).toEqual([...ids.map(BigInt)].sort((a, b) => (a < b ? -1 : 1)));

    await sealAll(history, db);
    const result = await history.verify();
    expect(result).toMatchObject({ ok: true, events: 3 });
    await expectEachSealedOnce(db);

    const listed = await history.list({ subjectKind: 'group', subjectId: '-100123' });
    expect(listed.map((e) => e.id)).toEqual([ids[1], ids[0]]);
    expect(listed[1]).toMatchObject({
      actor: { kind: 'system' },
      action: 'group.registered',
      data: { title: 'Café 🚀 «raid»', amount: (2n ** 128n).toString() },
    });
    expect(listed.every((e) => e.seq !== null)).toBe(true);
    expect(await history.list({ beforeId: ids[1], limit: 1 })).toMatchObject([{ id: ids[0] }]);

    const appended = await metrics.getSingleMetric('warhorn_history_events_appended_total')!.get();
    expect(appended.values[0]!.value).toBeGreaterThanOrEqual(3);
    const unsealed = await metrics.getSingleMetric('warhorn_history_unsealed_events')!.get();
    expect(unsealed.values[0]!.value).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on events and seals', async () => {
    for (const sql of [
      `UPDATE history.events SET action = 'x'`,
      `DELETE FROM history.events`,
      `TRUNCATE history.events CASCADE`,
      `UPDATE history.seals SET sealed_at = now()`,
      `DELETE FROM history.seals WHERE seq = 1`,
      `TRUNCATE history.seals`,
      // Even a statement that matches no row is refused: the guard is statement-level.
      `UPDATE history.events SET action = 'x' WHERE false`,
    ]) {
      await expect(db.query(sql), sql).rejects.toThrow(/append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/);
    }
  });

  it('interleaved: an open transaction holding a lower id is sealed after it commits, exactly once', async () => {
    // T1 inserts first (lower id) and stays open; T2 inserts a higher id and commits.
    const t1 = db.createQueryRunner();
    await t1.startTransaction();
    const low = await history.append(t1.manager, event('interleaved-1'));
    const high = await db.transaction((tx) => history.append(tx, event('interleaved-1')));
    expect(BigInt(low) < BigInt(high)).toBe(true);

    await history.seal();
    // T1 is still running and its xid is below T2's, so neither can be chained yet; nothing may skip `low`.
    expect(await sealedSeq(db, low)).toEqual([]);
    expect(await sealedSeq(db, high)).toEqual([]);

    await t1.commitTransaction();
    await t1.release();
    await sealAll(history, db);
    expect(await sealedSeq(db, low)).toHaveLength(1);
    expect(await sealedSeq(db, high)).toHaveLength(1);
    await expectEachSealedOnce(db);
    expect(await history.verify()).toMatchObject({ ok: true });
  });

  it('interleaved: a higher id from an older transaction is sealed first; the lower id follows, exactly once', async () => {
    // T2 takes its xid before T1 does, so T2 is "older" although its event gets the higher id.
    const t2 = db.createQueryRunner();
    await t2.startTransaction();
    await t2.query(`SELECT pg_current_xact_id()`);
    const t1 = db.createQueryRunner();
    await t1.startTransaction();
    const low = await history.append(t1.manager, event('interleaved-2'));
    const high = await history.append(t2.manager, event('interleaved-2'));
    expect(BigInt(low) < BigInt(high)).toBe(true);
    await t2.commitTransaction();
    await t2.release();

    // With T1 open, `high` (older xid) becomes sealable while `low` must wait.
    for (let i = 0; (await sealedSeq(db, high)).length === 0; i++) {
      if (i > 1_000) throw new Error('high never sealed');
      await history.seal();
      await sleep(10);
    }
    expect(await sealedSeq(db, low)).toEqual([]);

    await t1.commitTransaction();
    await t1.release();
    await sealAll(history, db);
    const [seqLow] = await sealedSeq(db, low);
    const [seqHigh] = await sealedSeq(db, high);
    expect(BigInt(seqHigh!) < BigInt(seqLow!)).toBe(true); // chain order is commit-safe order, not id order
    await expectEachSealedOnce(db);
    expect(await history.verify()).toMatchObject({ ok: true });
  });

  it('50 concurrent transactions with a sealer running alongside: every event sealed exactly once', async () => {
    let stop = false;
    const sealer = (async () => {
      while (!stop) {
        await history.seal();
        await sleep(5);
      }
    })();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction(async (tx) => {
          await history.append(tx, event(`concurrent-${i}`, { i }));
          await tx.query(`SELECT pg_sleep($1)`, [(i % 5) / 200]); // keep some transactions open across seals
          if (i % 3 === 0) await history.appendMany(tx, [event(`concurrent-${i}`, { i, n: 2 }), event(`concurrent-${i}`, { i, n: 3 })]);
        }),
      ),
    );
    stop = true;
    await sealer;
    await sealAll(history, db);
    await expectEachSealedOnce(db);
    expect(await history.verify()).toMatchObject({ ok: true });
  });

  it('verifies the same way page by page (keyset pagination) and with small seal batches', async () => {
    const small = make(db, undefined, 2);
    await db.transaction((tx) => small.appendMany(tx, Array.from({ length: 7 }, (_, i) => event('batches', { i }))));
    await db.transaction((tx) => small.append(tx, event('batches', { i: 7 })));
    await sealAll(small, db);
    await expectEachSealedOnce(db);
    const whole = await verifyChain(db);
    const paged = await verifyChain(db, { pageSize: 3 });
    expect(paged).toEqual(whole);
    expect(whole.ok).toBe(true);
  });
});

describe('history tamper detection', () => {
  let tdb: TestDatabase;
  let db: DataSource;
  let history: History;
  let ids: string[];

  // Each case gets a fresh chain of 5 sealed events; tampering is permanent by design.
  async function freshChain(): Promise<void> {
    await tdb?.drop();
    tdb = await freshDatabase('history_tamper');
    db = tdb.dataSource;
    history = make(db);
    ids = await db.transaction((tx) => history.appendMany(tx, Array.from({ length: 5 }, (_, i) => event('tamper', { i, note: 'ok' }))));
    await sealAll(history, db);
    expect(await history.verify()).toMatchObject({ ok: true, events: 5 });
  }

  afterAll(async () => {
    await tdb?.drop();
  });

  it('a superuser UPDATE of one event (triggers disabled) is named by verify', async () => {
    await freshChain();
    await tamper(db, `UPDATE history.events SET data = jsonb_set(data, '{note}', '"forged"') WHERE id = $1`, [ids[2]]);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[2], checked: 2, reason: expect.stringMatching(/hash mismatch/) });
  });

  it('a changed timestamp is caught whatever the session time zone', async () => {
    await freshChain();
    await db.query(`SET TimeZone = 'Pacific/Chatham'`); // pool connection; harmless, verify must not care
    expect(await history.verify()).toMatchObject({ ok: true });
    await tamper(db, `UPDATE history.events SET occurred_at = occurred_at + interval '1 microsecond' WHERE id = $1`, [ids[1]]);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[1] });
  });

  it('a deleted sealed event is named by verify', async () => {
    await freshChain();
    await tamper(db, `DELETE FROM history.events WHERE id = $1`, [ids[3]]);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[3], checked: 3, reason: expect.stringMatching(/missing/) });
  });

  it('a deleted seal (gap in seq) is named by verify', async () => {
    await freshChain();
    await tamper(db, `DELETE FROM history.seals WHERE seq = 2`);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[2], checked: 1, reason: expect.stringMatching(/gap in seq/) });
  });

  it('altered seal rows are named by verify', async () => {
    await freshChain();
    await tamper(db, `UPDATE history.seals SET hash = sha256(hash) WHERE seq = 4`);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[3], reason: expect.stringMatching(/hash mismatch/) });

    await freshChain();
    await tamper(db, `UPDATE history.seals SET prev_hash = sha256(prev_hash) WHERE seq = 3`);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[2], reason: expect.stringMatching(/prev_hash/) });

    await freshChain();
    // Swapping which event two seals point at breaks the chain at the first of them (via a free id: UNIQUE holds).
    await tamper(db, `UPDATE history.seals SET event_id = -1 WHERE seq = 1`);
    await tamper(db, `UPDATE history.seals SET event_id = $1 WHERE seq = 2`, [ids[0]]);
    await tamper(db, `UPDATE history.seals SET event_id = $1 WHERE seq = 1`, [ids[1]]);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[1], checked: 0 });

    await freshChain();
    // The batch bookkeeping is checked too, although it is not hashed.
    await tamper(db, `UPDATE history.seals SET xid_to = '1'::xid8 WHERE seq = 5`);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadEventId: ids[4], checked: 4, reason: expect.stringMatching(/range/) });
  });
});
