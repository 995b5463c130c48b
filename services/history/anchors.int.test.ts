import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { GENESIS_HASH, chainHash, encodeEvent } from './canonical.js';
import { EVENT_COLUMNS, toRecord, type EventRow } from './event-row.js';
import { appendAnchor, readAnchors } from './anchors.js';
import { createHistory, type History } from './index.js';
import { sealAll, tamper } from './history.test-support.js';
import { systemClock } from '../platform/clock.js';

// Tampering a superuser can do that the chain alone does not show (it checks out against itself), caught by
// comparing it with heads published outside the database.
describe('history anchors', () => {
  let tdb: TestDatabase;
  let db: DataSource;
  let dir: string;
  let file: string;
  let history: History;

  beforeEach(async () => {
    tdb = await freshDatabase('history_anchors');
    db = tdb.dataSource;
    dir = await mkdtemp(join(tmpdir(), 'warhorn-anchors-'));
    file = join(dir, 'anchors.jsonl');
    history = createHistory({ clock: systemClock, db, log: silentLogger(), metrics: createMetrics({ defaults: false }), anchor: { everySeals: 3, publish: (a) => appendAnchor(file, a) } });
    for (let i = 0; i < 10; i++) {
      await db.transaction((tx) => history.append(tx, { actor: { kind: 'system' }, action: 'group.settings_changed', subject: { kind: 'group', id: '-100' }, data: { i } }));
      await sealAll(history, db);
    }
  });
  afterEach(async () => {
    await tdb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const verify = async () => history.verify({ anchors: await readAnchors(file) });

  it('publishes the head every few seals, and an untouched chain matches every anchor', async () => {
    const anchors = await readAnchors(file);
    expect(anchors.length).toBeGreaterThanOrEqual(3);
    expect(anchors.at(-1)).toMatchObject({ seq: expect.stringMatching(/^(9|10)$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await verify()).toMatchObject({ ok: true, events: 10 });
  });

  it('catches the removal of the newest events with their seals, which the chain alone does not', async () => {
    await tamper(db, `DELETE FROM history.seals WHERE seq > 7`);
    await tamper(db, `DELETE FROM history.events WHERE id NOT IN (SELECT event_id FROM history.seals)`);
    expect(await history.verify()).toMatchObject({ ok: true, events: 7 });
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/chain ends at seq 7, but seq (9|10) was published/) });
  });

  it('catches both tables emptied', async () => {
    await tamper(db, `TRUNCATE history.seals, history.events`);
    expect(await history.verify()).toMatchObject({ ok: true, events: 0 });
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/chain ends at seq 0/) });
  });

  it('catches an event altered and the whole chain recomputed after it', async () => {
    await tamper(db, `UPDATE history.events SET data = '{"i": 99}' WHERE id = 2`);
    // The attacker recomputes every hash with our own code, so the chain checks out against itself.
    const rows = (await db.query(
      `SELECT s.seq::text AS seq, ${EVENT_COLUMNS} FROM history.seals s JOIN history.events e ON e.id = s.event_id ORDER BY s.seq`,
    )) as Array<EventRow & { seq: string }>;
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const hash = chainHash(prev, encodeEvent(toRecord(row, BigInt(row.seq))));
      await tamper(db, `UPDATE history.seals SET prev_hash = $2, hash = $3 WHERE seq = $1`, [row.seq, prev, hash]);
      prev = hash;
    }
    expect(await history.verify()).toMatchObject({ ok: true });
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match the anchor published/) });
  });

  it('catches an event slipped in below the sealed bound with a made-up xid', async () => {
    await tamper(
      db,
      `INSERT INTO history.events (actor_kind, action, subject_kind, subject_id, data, xid) VALUES ('system', 'user.x_linked', 'user', '7', '{}', '3'::xid8)`,
    );
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/below the sealed bound, and no seal/) });
  });
});
