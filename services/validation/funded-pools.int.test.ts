import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifications } from '../notifications/index.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import type { GroupRecord } from '../groups/index.js';
import type { LedgerAccount, Ledger } from '../ledger/index.js';
import { USDT, WORLD, driftedBalances, group, ledgerOver, member, sumsPerAsset } from '../ledger/ledger.test-support.js';
import { launchRaid } from '../raids/launch.js';
import type { RaidMoney, RaidsDeps } from '../raids/index.js';
import type { RaidScheduler } from '../raids/scheduler.js';
import { insertClaims, insertRaid, type ClaimInput } from '../raids/raids.test-support.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';
import { raidMessages, launchRefusal } from '../../bots/features/raids/texts.js';
import type { Validation } from './service.js';
import { startValidationHarness, type ValidationHarness } from './validation.test-support.js';

// Funded pools against real Postgres and Redis, the real ledger and history, and the X fake: a launch holds
// the pool or is refused with the balance; a validated raid's pool is paid once to the accepted claimants
// (waiting for flagged ones within the review window), and an empty raid's hold goes back to the group.

let h: ValidationHarness;
let ledger: Ledger;
let money: RaidMoney;
let validation: Validation;
const MIN = 60_000;
const HOUR = 60 * MIN;
let author: { id: string };
const raiders: Array<{ id: string; username: string }> = [];
let lowFollowers: { id: string; username: string };
let nextChat = -5000;

beforeAll(async () => {
  h = await startValidationHarness('funded_pools');
  ledger = ledgerOver(h.db.dataSource, h.fake.clock);
  money = { ledger, assetOf: (symbol) => (symbol === 'USDT' ? USDT : null) };
  validation = h.validationWith({ money });
  author = h.fake.createUser({ username: 'project', createdAt: new Date('2019-01-01'), followers: 5000 });
  h.fake.setAppAccount(author.id);
  for (let i = 0; i < 3; i++) raiders.push(h.fake.createUser({ username: `payee${i}`, createdAt: new Date('2020-01-01'), followers: 300 }));
  // Engages like the others, but 1 follower: flagged for an admin (the followers rule).
  lowFollowers = h.fake.createUser({ username: 'newcomer', createdAt: new Date('2020-01-01'), followers: 1 });
});
afterAll(async () => {
  try {
    expect(Object.values(await sumsPerAsset(h.db.dataSource)).every((total) => total === '0')).toBe(true);
    expect(await driftedBalances(h.db.dataSource)).toEqual([]);
  } finally {
    await h?.close();
  }
});

const pool = (raidId: string): LedgerAccount => ({ kind: 'group_pool', owner: raidId });
const balanceOf = (account: LedgerAccount) => ledger.balance(account, USDT);
const postingsWithKey = async (key: string) => Number((await h.db.dataSource.query(`SELECT count(*) AS n FROM ledger.postings WHERE idempotency_key = $1`, [key]))[0].n);

/** What the group is told when the raid's pool settles. */
async function settledText(raidId: string): Promise<string> {
  const rows: Array<{ text: string }> = await h.db.dataSource.query(`SELECT payload->>'text' AS text FROM notifications.outbox WHERE dedupe_key = $1`, [`raid:${raidId}:pool_settled`]);
  expect(rows).toHaveLength(1);
  return rows[0]!.text;
}

/** The text of the group message queued under `dedupeKey`. */
async function outboxText(dedupeKey: string): Promise<string> {
  const rows: Array<{ text: string }> = await h.db.dataSource.query(`SELECT payload->>'text' AS text FROM notifications.outbox WHERE dedupe_key = $1`, [dedupeKey]);
  expect(rows).toHaveLength(1);
  return rows[0]!.text;
}

/** A deposit as the scanner would credit it: chain -> group_balance. */
async function fund(chatId: number, amount: bigint): Promise<void> {
  await ledger.post({ idempotencyKey: `test-deposit:${chatId}:${amount}`, kind: 'deposit', lines: [{ account: WORLD, asset: USDT, amount: -amount }, { account: group(String(chatId)), asset: USDT, amount }] });
}

function raidDeps(chatId: number, overrides: Partial<RaidsDeps> = {}): RaidsDeps {
  const log = silentLogger();
  const metrics = createMetrics({ defaults: false });
  const base = { db: h.db.dataSource, redis: h.r.redis, prefix: h.r.prefix, log, metrics, clock: h.fake.clock };
  const groupRecord = { chatId: cid(chatId), botId: 42, title: 'Pool test', type: 'supergroup', active: true } as unknown as GroupRecord;
  return {
    ...base,
    x: h.x,
    groups: { get: async () => groupRecord, isMember: async () => true },
    users: { xAccountOf: async () => null },
    history: h.history,
    notifications: createNotifications({ ...base, sendApi: async () => { throw new Error('tests do not deliver'); } }),
    telegram: { getChatPermissions: async () => ({}), setChatPermissions: async () => {} },
    messages: () => raidMessages,
    tickIntervalMs: 5000,
    validationGraceMs: 0,
    installation: 'test',
    money,
    ...overrides,
  };
}
const scheduler = { schedule: async () => {} } as unknown as RaidScheduler;

function launch(chatId: number, amount: string, deps = raidDeps(chatId)) {
  const post = h.fake.post(author.id, `Launch me ${chatId}`);
  return launchRaid(deps, scheduler, {
    chatId: cid(chatId), botId: 42, adminId: uid(7), postId: post.id, targets: { replies: 0, reposts: 1, likes: 1, quotes: 0, bookmarks: 0 },
    durationMinutes: 30, lock: false, pool: { amount, token: 'USDT' },
  });
}

describe('launching a raid with a pool', () => {
  it('holds the pool on the group balance when it is funded', async () => {
    const chat = nextChat--;
    await fund(chat, 1_000_000_000n);
    const launched = await launch(chat, '500');
    expect(launched.ok).toBe(true);
    if (!launched.ok) return;
    expect(await balanceOf(group(String(chat)))).toBe(500_000_000n);
    expect(await balanceOf(pool(launched.raidId))).toBe(500_000_000n);
    expect(await postingsWithKey(`launch-hold:${launched.raidId}`)).toBe(1);
  });

  it('is refused when the balance is short, with the balance in the answer and no raid left', async () => {
    const chat = nextChat--;
    await fund(chat, 100_000_000n);
    const refused = await launch(chat, '500');
    expect(refused).toEqual({ ok: false, reason: 'insufficient_balance', token: 'USDT', balance: 100_000_000n, wanted: 500_000_000n });
    if (refused.ok) return;
    expect(launchRefusal(refused)).toContain('100 USDT');
    expect(launchRefusal(refused)).toContain('/deposit');
    expect(Number((await h.db.dataSource.query(`SELECT count(*) AS n FROM raids.raids WHERE chat_id = $1`, [chat]))[0].n)).toBe(0);
  });

  it('is refused atomically when the hold itself fails in the launch transaction (a spend won the race)', async () => {
    const chat = nextChat--;
    await fund(chat, 100_000_000n);
    // The early check sees plenty; the hold in the transaction finds the real balance.
    const optimistic = raidDeps(chat, { money: { ledger: { post: ledger.post.bind(ledger), balance: async () => 10n ** 30n }, assetOf: money.assetOf } });
    const refused = await launch(chat, '500', optimistic);
    expect(refused).toMatchObject({ ok: false, reason: 'insufficient_balance', balance: 100_000_000n });
    expect(Number((await h.db.dataSource.query(`SELECT count(*) AS n FROM raids.raids WHERE chat_id = $1`, [chat]))[0].n)).toBe(0);
    expect(Number((await h.db.dataSource.query(`SELECT count(*) AS n FROM notifications.outbox WHERE chat_id = $1`, [chat]))[0].n)).toBe(0);
    expect(await balanceOf(group(String(chat)))).toBe(100_000_000n);
  });

  it('keeps an unfunded pool as a number when money is off', async () => {
    const chat = nextChat--;
    const launched = await launch(chat, '500', raidDeps(chat, { money: null }));
    expect(launched.ok).toBe(true);
  });
});

/** An ended raid with a 1000-unit pool held as launch holds it, `who` engaging during it and claiming. */
async function heldRaid(who: Array<{ id: string; username: string }>, firstTg: number, amount = 1000n) {
  const chat = nextChat--;
  await fund(chat, 5000n);
  const now = h.fake.clock.now().getTime();
  const start = new Date(now - 60 * MIN);
  const post = h.fake.post(author.id, `Pool raid ${chat}`, { at: new Date(start.getTime() - 5 * MIN) });
  who.forEach((u, i) => {
    const at = new Date(start.getTime() + MIN + i * 1000);
    h.fake.repost(u.id, post.id, { at });
    h.fake.like(u.id, post.id, { at });
  });
  const raidId = await insertRaid(h.db.dataSource, { chatId: cid(chat), postId: post.id, startedAt: start, endsAt: new Date(now - 30 * MIN), targets: { replies: 0, reposts: 1, likes: 1 }, reward: { amount, token: 'USDT' } });
  await ledger.post({ idempotencyKey: `launch-hold:${raidId}`, kind: 'raid.hold', lines: [{ account: group(String(chat)), asset: USDT, amount: -amount }, { account: pool(raidId), asset: USDT, amount }] });
  const claims = who.map((u, i): ClaimInput => ({ telegramUserId: firstTg + i, xUserId: u.id, xUsername: u.username, claimedAt: new Date(start.getTime() + 10 * MIN) }));
  await insertClaims(h.db.dataSource, raidId, claims);
  await validation.run(raidId);
  return { chat, raidId };
}

describe('paying out a funded pool', () => {
  it('does not pay a pool that was never held (launched while money was off), and marks it so the sweep stops', async () => {
    const chat = nextChat--;
    await fund(chat, 5000n);
    const now = h.fake.clock.now().getTime();
    const post = h.fake.post(author.id, `Unheld ${chat}`);
    const raidId = await insertRaid(h.db.dataSource, { chatId: cid(chat), postId: post.id, startedAt: new Date(now - 60 * MIN), endsAt: new Date(now - 30 * MIN), targets: { replies: 0, reposts: 1, likes: 1 }, reward: { amount: 1000n, token: 'USDT' } });
    await validation.run(raidId);
    expect(await validation.payout(raidId)).toEqual({ status: 'unfunded' });
    expect(await validation.payout(raidId)).toEqual({ status: 'unfunded' });
    expect(await balanceOf(group(String(chat)))).toBe(5000n);
    expect(Number((await h.db.dataSource.query(`SELECT count(*) AS n FROM validation.payouts WHERE raid_id = $1 AND status = 'unheld'`, [raidId]))[0].n)).toBe(1);
  });

  it('pays each accepted share and returns the rest in one posting, once; the pool ends at zero', async () => {
    const { chat, raidId } = await heldRaid(raiders, 100);
    const paid = await validation.payout(raidId);
    expect(paid).toMatchObject({ status: 'paid', already: false, undecided: [] });
    if (paid.status !== 'paid') return;
    const shares = await Promise.all(raiders.map((_, i) => balanceOf(member(String(100 + i)))));
    expect(shares.reduce((a, b) => a + b, 0n) + paid.returned).toBe(1000n);
    expect(shares.every((s) => s >= 333n)).toBe(true);
    expect(await balanceOf(pool(raidId))).toBe(0n);
    expect(await balanceOf(group(String(chat)))).toBe(4000n + paid.returned);

    const again = await validation.payout(raidId);
    expect(again).toMatchObject({ status: 'paid', already: true, postingId: paid.postingId });
    expect(await postingsWithKey(`payout:${raidId}`)).toBe(1);
    expect(await Promise.all(raiders.map((_, i) => balanceOf(member(String(100 + i)))))).toEqual(shares);

    const events: Array<{ data: { payouts: Array<{ telegramUserId: string; amount: string; evidence: string }>; resultDigest: string } }> = await h.db.dataSource.query(
      `SELECT data FROM history.events WHERE action = 'raid.pool_settled' AND subject_id = $1`, [raidId]);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.payouts.map((p) => p.telegramUserId)).toEqual(['100', '101', '102']);
    expect(events[0]!.data.payouts.every((p) => /^[0-9a-f]{64}$/.test(p.evidence))).toBe(true);
  });

  it('waits for a flagged claimant, and pays them too once an admin accepts', async () => {
    const { raidId } = await heldRaid([raiders[0]!, raiders[1]!, lowFollowers], 200);
    expect(await validation.outcomeFor(raidId, uid(202))).toMatchObject({ verdict: 'flagged' });
    expect(await validation.payout(raidId)).toMatchObject({ status: 'waiting', flagged: 1 });
    expect(await balanceOf(pool(raidId))).toBe(1000n);
    // The results say the truth of a funded pool: the split is made at the payout, after the decisions.
    expect(await outboxText(`raid:${raidId}:results`)).toContain('an Accept before then earns points and a share, and the shares above may change');
    await validation.decide(raidId, uid(202), uid(7), 'accept');
    expect(await outboxText(`raid:${raidId}:decided:202:flag`)).toContain('this member now has a share in it');
    // The decision settles it.
    expect(await balanceOf(pool(raidId))).toBe(0n);
    expect(await balanceOf(member('202'))).toBeGreaterThan(0n);
    expect(await validation.payout(raidId)).toMatchObject({ status: 'paid', already: true, undecided: [] });
  });

  it('counts a claimant still flagged after the review window as not accepted, and says so', async () => {
    const { raidId } = await heldRaid([raiders[0]!, raiders[1]!, lowFollowers], 300);
    expect(await validation.payout(raidId)).toMatchObject({ status: 'waiting' });
    h.fake.clock.advance(25 * HOUR);
    await validation.settleDuePayouts();
    const settled = await validation.payout(raidId);
    expect(settled).toMatchObject({ status: 'paid', already: true, undecided: [uid(302)] });
    expect(await balanceOf(member('302'))).toBe(0n);
    expect((await balanceOf(member('300'))) + (await balanceOf(member('301')))).toBe(1000n);
    expect(await settledText(raidId)).toContain('1 flagged claim was not decided within 24 h and counted as not accepted');
  });

  it('voids the hold of an empty raid back to the group', async () => {
    const { chat, raidId } = await heldRaid([], 400);
    expect(await validation.payout(raidId)).toMatchObject({ status: 'voided', paid: [], returned: 1000n });
    expect(await balanceOf(pool(raidId))).toBe(0n);
    expect(await balanceOf(group(String(chat)))).toBe(5000n);
    expect(await settledText(raidId)).toContain('nobody was accepted');
  });
});
