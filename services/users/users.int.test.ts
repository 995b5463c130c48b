import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createHistory } from '../history/index.js';
import { createUsers } from './index.js';
import { systemClock } from '../platform/clock.js';
import { uid } from '../platform/telegram-ids.test-support.js';

describe('users', () => {
  let t: TestDatabase;
  let now = Date.parse('2026-11-21T10:00:00Z');
  const clock = { now: () => new Date(now) };
  beforeAll(async () => {
    t = await freshDatabase('users');
  });
  afterAll(async () => {
    await t?.drop();
  });

  const make = () => {
    const history = createHistory({ clock: systemClock, db: t.dataSource, log: silentLogger(), metrics: createMetrics({ defaults: false }) });
    return { history, users: createUsers({ db: t.dataSource, history, clock }) };
  };

  it('registers a person on first contact, once, with a history event', async () => {
    const { users, history } = make();
    const ana = { id: 501, first_name: 'Ana', username: 'ana' };
    expect(await users.touch(ana, 7)).toEqual({ created: true });
    expect(await users.touch(ana, 7)).toEqual({ created: false });
    expect(await createUsers({ db: t.dataSource, history, clock }).touch(ana, 7)).toEqual({ created: false });
    const events = await history.list({ subjectKind: 'user', subjectId: '501' });
    expect(events.map((e) => e.action)).toEqual(['user.registered']);
    expect(await users.get(uid(501))).toMatchObject({ telegramId: 501, username: 'ana', firstName: 'Ana' });
  });

  it('keeps the profile current when a member renames themselves', async () => {
    const { users } = make();
    await users.touch({ id: 502, first_name: 'Bo', username: 'bo' }, 7);
    await users.touch({ id: 502, first_name: 'Bo', username: 'bo_the_great' }, 7);
    expect((await users.get(uid(502)))?.username).toBe('bo_the_great');
  });

  it('rolls the registration back with the transaction it was made in', async () => {
    const { users } = make();
    await expect(
      t.dataSource.transaction(async (tx) => {
        await users.touch({ id: 503, first_name: 'Cy' }, 7, tx);
        throw new Error('the handler failed');
      }),
    ).rejects.toThrow('the handler failed');
    expect(await users.get(uid(503))).toBeNull();
    expect(await users.touch({ id: 503, first_name: 'Cy' }, 7)).toEqual({ created: true });
  });

  it('writes last-seen again once the member has been away a while', async () => {
    const { users } = make();
    await users.touch({ id: 504, first_name: 'Di' }, 7);
    await t.dataSource.query(`UPDATE users.users SET last_seen_at = now() - interval '10 minutes' WHERE telegram_id = 504`);
    const away = (await users.get(uid(504)))!.lastSeenAt;
    await users.touch({ id: 504, first_name: 'Di' }, 7);
    expect((await users.get(uid(504)))!.lastSeenAt.getTime()).toBe(away.getTime()); // seen moments ago in this process
    now += 10 * 60_000;
    await users.touch({ id: 504, first_name: 'Di' }, 7);
    expect((await users.get(uid(504)))!.lastSeenAt.getTime()).toBeGreaterThan(away.getTime() + 9 * 60_000);
  });
});
