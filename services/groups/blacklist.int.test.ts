import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createHistory, type History } from '../history/index.js';
import { createBlacklist } from './index.js';
import { systemClock } from '../platform/clock.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';

const CHAT = cid(-100_500);

describe('a group’s blacklist, kept by groups', () => {
  let db: TestDatabase;
  let history: History;

  beforeAll(async () => {
    db = await freshDatabase('blacklist');
    history = createHistory({ clock: systemClock, db: db.dataSource, log: silentLogger(), metrics: createMetrics({ defaults: false }) });
  });
  afterAll(() => db.drop());

  it('adds and removes entries in their stored form, recording each change, and lists them', async () => {
    const list = createBlacklist({ clock: systemClock, db: db.dataSource, history });
    expect(await list.blacklistAdd(CHAT, 'x', '@Some_One', uid(7))).toEqual({ ok: true, changed: true, value: 'some_one' });
    expect(await list.blacklistAdd(CHAT, 'x', 'some_one', uid(7))).toEqual({ ok: true, changed: false, value: 'some_one' });
    expect(await list.blacklistAdd(CHAT, 'telegram', '@nope', uid(7))).toEqual({ ok: false, error: 'invalid_value' });
    expect(await list.blacklistAdd(CHAT, 'telegram', '424242', uid(7))).toEqual({ ok: true, changed: true, value: '424242' });
    expect(await list.blacklist(CHAT)).toEqual({ telegramUserIds: [uid(424242)], xAccounts: ['some_one'] });
    expect(await list.blacklist(cid(CHAT - 1))).toEqual({ telegramUserIds: [], xAccounts: [] });
    expect(await list.blacklistRemove(CHAT, 'telegram', '424242', uid(7))).toEqual({ ok: true, changed: true, value: '424242' });
    expect(await list.blacklistRemove(CHAT, 'telegram', '424242', uid(7))).toEqual({ ok: true, changed: false, value: '424242' });
    const events = await history.list({ subjectKind: 'group', subjectId: String(CHAT) });
    // Only real changes are recorded: the repeated add and the second remove changed nothing.
    expect(events.map((e) => [e.action, e.data])).toEqual([
      ['group.blacklist_removed', { kind: 'telegram', value: '424242' }],
      ['group.blacklist_added', { kind: 'telegram', value: '424242' }],
      ['group.blacklist_added', { kind: 'x', value: 'some_one' }],
    ]);
  });

  it('moves the table of a database that kept it in validation’s schema, keeping its rows', async () => {
    const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
    const where = async () => (await q(`SELECT to_regclass('groups.blacklist')::text AS g, to_regclass('validation.blacklist')::text AS v`))[0];
    // A new database: the table is groups' and validation has none left.
    expect(await where()).toEqual({ g: 'groups.blacklist', v: null });
    // A database from before the move (GroupBlacklist's own down puts the table back in validation's schema):
    // an entry added there, and neither migration run yet.
    const runner = db.dataSource.createQueryRunner();
    try {
      const { GroupBlacklist1764000002100 } = await import('./migrations/group-blacklist-1764000002100.js');
      await new GroupBlacklist1764000002100().down(runner);
    } finally {
      await runner.release();
    }
    await q(`INSERT INTO validation.blacklist (chat_id, kind, value, added_by, added_at) VALUES ($1, 'x', 'kept', 9, '2026-11-01T00:00:00Z')`, [CHAT]);
    await q(`DELETE FROM warhorn_migrations WHERE name IN ('GroupBlacklist1764000002100', 'DropMovedBlacklist1764000007100')`);

    const applied = await db.dataSource.runMigrations({ transaction: 'each' });

    expect(applied.map((m) => m.name)).toEqual(['GroupBlacklist1764000002100', 'DropMovedBlacklist1764000007100']);
    expect(await where()).toEqual({ g: 'groups.blacklist', v: null });
    expect(await q(`SELECT chat_id::int AS chat, kind, value, added_by::int AS by, added_at FROM groups.blacklist WHERE value = 'kept'`)).toEqual([
      { chat: CHAT, kind: 'x', value: 'kept', by: 9, added_at: new Date('2026-11-01T00:00:00Z') },
    ]);
    expect(await createBlacklist({ clock: systemClock, db: db.dataSource, history }).blacklist(CHAT)).toEqual({ telegramUserIds: [], xAccounts: ['kept', 'some_one'] });
  });
});
