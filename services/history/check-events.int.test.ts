// An audit view checks the page of events it shows against the chain around them: what was altered is
// named, what the sealer has not reached yet is pending, and nothing else is needed than the page's seals.
import { afterEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { systemClock } from '../platform/clock.js';
import { createHistory, type History } from './index.js';
import { sealAll, tamper } from './history.test-support.js';

describe('checking a page of the trail against the chain', () => {
  let tdb: TestDatabase | undefined;
  let db: DataSource;
  let history: History;
  let ids: string[];

  /** A fresh database with 5 events about one group; sealed unless asked not to. */
  async function chain(options: { sealed: boolean } = { sealed: true }): Promise<void> {
    tdb = await freshDatabase('history_check');
    db = tdb.dataSource;
    history = createHistory({ clock: systemClock, db, log: silentLogger(), metrics: createMetrics({ defaults: false }) });
    ids = await db.transaction((tx) =>
      history.appendMany(tx, Array.from({ length: 5 }, (_, i) => ({ actor: { kind: 'admin' as const, id: '7' }, action: 'group.settings_changed', subject: { kind: 'group', id: '-100' }, data: { i } }))),
    );
    if (options.sealed) await sealAll(history, db);
  }
  afterEach(async () => {
    await tdb?.drop();
    tdb = undefined;
  });

  it('verifies sealed events through the highest seq among them, and an empty page', async () => {
    await chain();
    expect(await history.checkEvents(ids.slice(1, 3))).toEqual({ status: 'verified', checkedThrough: '3' });
    expect(await history.checkEvents(ids)).toEqual({ status: 'verified', checkedThrough: '5' });
    expect(await history.checkEvents([])).toEqual({ status: 'verified' });
  });

  it('is pending while the sealer has not reached the events', async () => {
    await chain({ sealed: false });
    expect(await history.checkEvents(ids)).toEqual({ status: 'pending' });
  });

  it('names an event altered after its seal', async () => {
    await chain();
    await tamper(db, `UPDATE history.events SET data = '{"i": 99}' WHERE id = $1`, [ids[3]]);
    expect(await history.checkEvents(ids.slice(2))).toMatchObject({ status: 'broken', firstBadEventId: ids[3], reason: expect.stringMatching(/hash mismatch/) });
    // The page before it does not hold the altered event: its own check passes.
    expect(await history.checkEvents(ids.slice(0, 3))).toMatchObject({ status: 'verified' });
  });

  it('names a seal whose hash was rewritten, from its own event and from the next one', async () => {
    await chain();
    await tamper(db, `UPDATE history.seals SET hash = sha256(hash) WHERE seq = 2`);
    expect(await history.checkEvents([ids[1]!])).toMatchObject({ status: 'broken', firstBadEventId: ids[1] });
    // Seen from the next event too: its seal no longer follows.
    expect(await history.checkEvents([ids[2]!])).toMatchObject({ status: 'broken', firstBadEventId: ids[2], reason: expect.stringMatching(/prev_hash/) });
  });

  it('names a missing neighbour seal', async () => {
    await chain();
    await tamper(db, `DELETE FROM history.seals WHERE seq = 3`);
    expect(await history.checkEvents([ids[3]!])).toMatchObject({ status: 'broken', reason: expect.stringMatching(/before seq 4 is missing/) });
    expect(await history.checkEvents([ids[1]!])).toMatchObject({ status: 'broken', reason: expect.stringMatching(/after seq 2 is missing/) });
  });
});
