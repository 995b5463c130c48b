import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifications } from '../notifications/index.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import type { GroupRecord } from '../groups/index.js';
import type { Asset, Ledger, LedgerAccount } from '../ledger/index.js';
import { USDT, WORLD, driftedBalances, group, ledgerOver, sumsPerAsset } from '../ledger/ledger.test-support.js';
import { launchRaid } from '../raids/launch.js';
import { cancelRaid } from '../raids/cancel.js';
import { endRaid } from '../raids/end.js';
import { claimRaid } from '../raids/claim.js';
import type { RaidMoney, RaidsDeps } from '../raids/index.js';
import type { RaidScheduler } from '../raids/scheduler.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';
import { raidMessages } from '../../bots/features/raids/texts.js';
import type { Validation } from './service.js';
import { startValidationHarness, type ValidationHarness } from './validation.test-support.js';

// Cancelling a funded raid, and the pool's asset kept on the raid, against real Postgres and Redis, the real
// ledger and history and the X fake: a cancel gives the held pool back at once and the payout can then never
// move it; a cancel racing the raid's end moves the pool once; the payout pays in the asset held at launch.

let h: ValidationHarness;
let ledger: Ledger;
let money: RaidMoney;
let validation: Validation;
let author: { id: string };
let nextChat = -7000;
/** Another chain's USDT: what a changed chains list would name the symbol after the launch. */
const OTHER_USDT: Asset = { chainId: 56, token: '0x55d398326f99059ff775485246999027b3197955' };

beforeAll(async () => {
  h = await startValidationHarness('pool_cancel');
  ledger = ledgerOver(h.db.dataSource, h.fake.clock);
  money = { ledger, assetOf: (symbol) => (symbol === 'USDT' ? USDT : null) };
  validation = h.validationWith({ money });
  author = h.fake.createUser({ username: 'cancelproject', createdAt: new Date('2019-01-01'), followers: 5000 });
  h.fake.setAppAccount(author.id);
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
const postingsWithKey = async (key: string) => Number((await h.db.dataSource.query(`SELECT count(*) AS n FROM ledger.postings WHERE idempotency_key = $1`, [key]))[0].n);
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => h.db.dataSource.query(text, params) as Promise<T[]>;

async function fund(chatId: number, amount: bigint): Promise<void> {
  await ledger.post({ idempotencyKey: `test-deposit:${chatId}:${amount}`, kind: 'deposit', lines: [{ account: WORLD, asset: USDT, amount: -amount }, { account: group(String(chatId)), asset: USDT, amount }] });
}

function raidDeps(chatId: number): RaidsDeps {
  const log = silentLogger();
  const metrics = createMetrics({ defaults: false });
  const base = { db: h.db.dataSource, redis: h.r.redis, prefix: h.r.prefix, log, metrics, clock: h.fake.clock };
  const groupRecord = { chatId: cid(chatId), botId: 42, title: 'Cancel test', type: 'supergroup', active: true, migratedToChatId: null } as unknown as GroupRecord;
  return {
    ...base,
    x: h.x,
    groups: { get: async () => groupRecord, isMember: async () => true },
    users: { xAccountOf: async () => ({ xUserId: '999', username: 'someone' }) },
    history: h.history,
    notifications: createNotifications({ ...base, sendApi: async () => { throw new Error('tests do not deliver'); } }),
    telegram: { getChatPermissions: async () => ({}), setChatPermissions: async () => {} },
    messages: () => raidMessages,
    tickIntervalMs: 5000,
    validationGraceMs: 0,
    installation: 'test',
    money,
  };
}
const scheduler = { schedule: async () => {} } as unknown as RaidScheduler;

/** A running raid with a 500 USDT pool held, in a group funded with 1000 USDT. */
async function runningFundedRaid() {
  const chat = nextChat--;
  await fund(chat, 1_000_000_000n);
  const deps = raidDeps(chat);
  const post = h.fake.post(author.id, `Cancel me ${chat}`);
  const launched = await launchRaid(deps, scheduler, {
    chatId: cid(chat), botId: 42, adminId: uid(7), postId: post.id, targets: { replies: 0, reposts: 1, likes: 1, quotes: 0, bookmarks: 0 },
    durationMinutes: 30, lock: false, pool: { amount: '500', token: 'USDT' },
  });
  if (!launched.ok) throw new Error(`launch refused: ${launched.reason}`);
  return { chat, deps, raidId: launched.raidId };
}

describe('cancelling a funded raid', () => {
  it('gives the held pool back to the group at once, closes claims, says so, and the payout records it voided', async () => {
    const { chat, deps, raidId } = await runningFundedRaid();
    expect(await ledger.balance(group(String(chat)), USDT)).toBe(500_000_000n);
    // The card is out (as if Telegram had answered): the cancel edits it.
    await sql(`UPDATE raids.raids SET card_message_id = 555 WHERE id = $1`, [raidId]);

    const cancelled = await cancelRaid(deps, scheduler, raidId, uid(7));
    expect(cancelled).toMatchObject({ status: 'cancelled', returned: { amount: 500_000_000n, token: 'USDT' } });
    expect(await ledger.balance(group(String(chat)), USDT)).toBe(1_000_000_000n);
    expect(await ledger.balance(pool(raidId), USDT)).toBe(0n);
    const [posting] = await sql<{ kind: string; id: string }>(`SELECT kind, id::text AS id FROM ledger.postings WHERE idempotency_key = $1`, [`payout:${raidId}`]);
    expect(posting?.kind).toBe('raid.hold_void');

    // Claims are closed; the group is told; the card says cancelled and loses its buttons.
    expect(await claimRaid(deps, raidId, uid(300), cid(chat))).toEqual({ status: 'closed' });
    const sent = await sql<{ method: string; text: string; keyboard: unknown }>(
      `SELECT method, payload->>'text' AS text, payload->'reply_markup'->'inline_keyboard' AS keyboard FROM notifications.outbox WHERE chat_id = $1 ORDER BY id`, [chat]);
    expect(sent.find((m) => m.method === 'editMessageText')).toMatchObject({ text: expect.stringContaining('RAID CANCELLED'), keyboard: [] });
    expect(sent.find((m) => m.method === 'sendMessage' && /Raid cancelled/.test(m.text))?.text).toContain("500 USDT pool is back in the group's balance");
    const events = await sql<{ data: { pool: { returned: string; postingId: string } } }>(`SELECT data FROM history.events WHERE action = 'raid.cancelled' AND subject_id = $1`, [raidId]);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.pool).toMatchObject({ returned: '500000000', postingId: posting!.id });

    // Validation's payout answers it voided with that posting, and moves nothing, however often it is asked.
    expect(await validation.payout(raidId)).toMatchObject({ status: 'voided', postingId: posting!.id, returned: 500_000_000n, paid: [] });
    expect(await validation.payout(raidId)).toMatchObject({ status: 'voided', already: true });
    expect(await postingsWithKey(`payout:${raidId}`)).toBe(1);
    expect(await ledger.balance(group(String(chat)), USDT)).toBe(1_000_000_000n);

    // Only a running raid can be cancelled, and a cancelled one neither ends nor cancels again.
    expect(await cancelRaid(deps, scheduler, raidId, uid(7))).toEqual({ status: 'not_running' });
    expect(await endRaid(deps, scheduler, raidId, 'admin')).toBe(false);
    await expect(validation.run(raidId)).rejects.toThrow(/cancelled, not ended/);
    // The group may launch again at once: the cancelled raid no longer holds its one running slot.
    const again = await launchRaid(deps, scheduler, {
      chatId: cid(chat), botId: 42, adminId: uid(7), postId: h.fake.post(author.id, `Again ${chat}`).id,
      targets: { replies: 0, reposts: 1, likes: 0, quotes: 0, bookmarks: 0 }, durationMinutes: 30, lock: false,
    });
    expect(again.ok).toBe(true);
  });

  it('moves the pool once when an admin cancels as the raid ends, whichever wins', async () => {
    for (let round = 0; round < 4; round++) {
      const { chat, deps, raidId } = await runningFundedRaid();
      const [cancelled, ended] = await Promise.all([cancelRaid(deps, scheduler, raidId, uid(7)), endRaid(deps, scheduler, raidId, 'time')]);
      // Exactly one of them took the running raid.
      expect([cancelled.status === 'cancelled', ended].filter(Boolean)).toHaveLength(1);
      if (ended) {
        expect(cancelled).toEqual({ status: 'not_running' });
        expect(await ledger.balance(pool(raidId), USDT)).toBe(500_000_000n);
        // Nobody claimed: validation and the payout void the hold, once, through the same key.
        await validation.run(raidId);
        expect(await validation.payout(raidId)).toMatchObject({ status: 'voided', already: false });
      } else {
        // The cancel moved it; the payout only records that (`already`: this call moved nothing).
        expect(await validation.payout(raidId)).toMatchObject({ status: 'voided', already: true });
      }
      expect(await validation.payout(raidId)).toMatchObject({ status: 'voided', already: true });
      expect(await postingsWithKey(`payout:${raidId}`)).toBe(1);
      expect(await ledger.balance(pool(raidId), USDT)).toBe(0n);
      expect(await ledger.balance(group(String(chat)), USDT)).toBe(1_000_000_000n);
    }
  });
});

describe("a pool's asset", () => {
  it('is stored on the raid at launch and paid in at payout, even when the symbol names another asset by then', async () => {
    const { chat, deps, raidId } = await runningFundedRaid();
    const [row] = await sql<{ pool_chain_id: string; pool_token_address: string }>(`SELECT pool_chain_id, pool_token_address FROM raids.raids WHERE id = $1`, [raidId]);
    expect({ chainId: Number(row!.pool_chain_id), token: row!.pool_token_address }).toEqual(USDT);
    await endRaid(deps, scheduler, raidId, 'time');
    await validation.run(raidId);
    // The chains' list changed since the launch: USDT now names another chain's token.
    const changed = h.validationWith({ money: { ledger, assetOf: (symbol) => (symbol === 'USDT' ? OTHER_USDT : null) } });
    expect(await changed.payout(raidId)).toMatchObject({ status: 'voided', returned: 500_000_000n });
    expect(await ledger.balance(pool(raidId), USDT)).toBe(0n);
    expect(await ledger.balance(group(String(chat)), USDT)).toBe(1_000_000_000n);
    expect(await ledger.balance(group(String(chat)), OTHER_USDT)).toBe(0n);
  });
});
