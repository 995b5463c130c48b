import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { createPacer, DEFAULT_PACE_LIMITS, gcraOf, type Pacer } from './pacer.js';
import { createDepartureGate } from './departures.js';
import type { PaceLimits, PaceRule } from './types.js';
import { cid } from '../platform/telegram-ids.test-support.js';
import type { ChatId } from '../platform/telegram-ids.js';
import { sleep } from '../platform/clock.js';

// Simulated time: each request carries its own `now`, so these tests count grants per window exactly
// and never depend on how fast the machine is.
const T0 = 1_700_000_000_000;

let r: TestRedis;
beforeAll(async () => {
  r = await freshRedis();
});
afterAll(async () => {
  await r.cleanup();
});

interface Msg {
  id: string;
  botId: number;
  chatId: ChatId;
}

/** Every job asks at `T0`; a job told to come back asks again then; a reserved job is sent at its slot. */
async function simulate(pacer: Pacer, msgs: Msg[]): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  let due: Array<{ at: number; msg: Msg }> = msgs.map((msg) => ({ at: T0, msg }));
  let rounds = 0;
  while (due.length) {
    if (++rounds > 100_000) throw new Error('pacer never granted some messages');
    due.sort((a, b) => a.at - b.at);
    const { at, msg } = due.shift()!;
    const slot = await pacer.reserve(msg, at);
    if (slot.reserved) {
      expect(slot.at).toBeGreaterThanOrEqual(at);
      sentAt.set(msg.id, slot.at);
    } else {
      expect(slot.retryAt).toBeGreaterThan(at);
      due.push({ at: slot.retryAt, msg });
    }
  }
  return sentAt;
}

/** As simulate, with messages asking first at their own time, low ones with their horizon; counts asks. */
async function simulateMixed(pacer: Pacer, msgs: Array<Msg & { at: number; lowAheadMs?: number }>) {
  const sentAt = new Map<string, number>();
  const due = msgs.map((msg) => ({ at: msg.at, msg }));
  let asks = 0;
  while (due.length) {
    if (++asks > 100_000) throw new Error('pacer never granted some messages');
    due.sort((a, b) => a.at - b.at);
    const { at, msg } = due.shift()!;
    const slot = await pacer.reserve(msg, at, msg.lowAheadMs);
    if (slot.reserved) sentAt.set(msg.id, slot.at);
    else {
      expect(slot.retryAt).toBeGreaterThan(at);
      due.push({ at: slot.retryAt, msg });
    }
  }
  return { sentAt, asks };
}

function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

function messages(prefix: string, botId: number, chats: number[], perChat: number): Msg[] {
  const out: Msg[] = [];
  // Chat by chat, the worst order: a chat's later messages find its own limit exhausted.
  for (const chatId of chats) for (let i = 0; i < perChat; i++) out.push({ id: `${prefix}-${chatId}-${i}`, botId, chatId: cid(chatId) });
  return out;
}

function expectWithin(sentAt: Map<string, number>, msgs: Msg[], limits: PaceLimits) {
  const all = msgs.map((m) => sentAt.get(m.id)!);
  expect(all.every((t) => typeof t === 'number')).toBe(true);
  expect(maxInWindow(all, limits.bot.windowMs)).toBeLessThanOrEqual(limits.bot.limit);
  const byChat = new Map<number, Msg[]>();
  for (const m of msgs) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m]);
  for (const [chatId, chatMsgs] of byChat) {
    const times = chatMsgs.map((m) => sentAt.get(m.id)!);
    expect(maxInWindow(times, limits.chat.windowMs)).toBeLessThanOrEqual(limits.chat.limit);
    if (chatId < 0) expect(maxInWindow(times, limits.group.windowMs)).toBeLessThanOrEqual(limits.group.limit);
  }
}

describe('pacer', () => {
  it('never grants more than the bot, chat or group limit in any window, and grants everything', async () => {
    const pacer = createPacer(r.redis, r.prefix, DEFAULT_PACE_LIMITS);
    const privateChats = Array.from({ length: 40 }, (_, i) => 1000 + i);
    const groups = [-100_1, -100_2, -100_3];
    const msgs = [...messages('a', 1, privateChats, 15), ...messages('a', 1, groups, 30)];
    const sentAt = await simulate(pacer, msgs);
    expectWithin(sentAt, msgs, DEFAULT_PACE_LIMITS);
    // 690 messages at 30/s need 23 s; a group's 30 messages at 20/min need 87 s. Nothing waits for no reason.
    const last = Math.max(...sentAt.values()) - T0;
    expect(last).toBeLessThan(95_000);
    const privateLast = Math.max(...msgs.filter((m) => m.chatId > 0).map((m) => sentAt.get(m.id)!)) - T0;
    expect(privateLast).toBeLessThan(26_000);
  });

  it('keeps the window limit with a burst allowance, trading sustained rate for it', async () => {
    const limits: PaceLimits = {
      bot: { limit: 30, windowMs: 1000, burst: 5 },
      chat: { limit: 3, windowMs: 3000, burst: 2 },
      group: { limit: 20, windowMs: 60_000, burst: 4 },
    };
    const pacer = createPacer(r.redis, `${r.prefix}:burst`, limits);
    const msgs = [...messages('b', 2, [5001, 5002, 5003, 5004, 5005], 12), ...messages('b', 2, [-2001], 25)];
    const sentAt = await simulate(pacer, msgs);
    expectWithin(sentAt, msgs, limits);
    // The burst really is allowed: a quiet bot's first two messages to a chat go at once, the third waits.
    const quiet = { botId: 3, chatId: cid(6001) };
    expect(await pacer.reserve({ id: 'q1', ...quiet }, T0)).toEqual({ reserved: true, at: T0 });
    expect(await pacer.reserve({ id: 'q2', ...quiet }, T0)).toEqual({ reserved: true, at: T0 });
    expect(await pacer.reserve({ id: 'q3', ...quiet }, T0)).toEqual({ reserved: false, retryAt: T0 + 1500 });
  });

  it('keeps bots apart: one bot at its limit does not slow another', async () => {
    const pacer = createPacer(r.redis, `${r.prefix}:bots`, DEFAULT_PACE_LIMITS);
    const busy = messages('c', 7, Array.from({ length: 60 }, (_, i) => 7000 + i), 1);
    await simulate(pacer, busy);
    const slot = await pacer.reserve({ id: 'other', botId: 8, chatId: cid(7000) }, T0);
    expect(slot).toEqual({ reserved: true, at: T0 });
  });

  it('holds one slot per outbox id however often a job asks', async () => {
    const pacer = createPacer(r.redis, `${r.prefix}:idem`, DEFAULT_PACE_LIMITS);
    const first = await pacer.reserve({ id: 'x1', botId: 3, chatId: cid(42) }, T0);
    const again = await pacer.reserve({ id: 'x1', botId: 3, chatId: cid(42) }, T0 + 10);
    expect(again).toEqual(first);
    // The chat's next message still gets the slot after x1's, not after a phantom second grant.
    const next = await pacer.reserve({ id: 'x2', botId: 3, chatId: cid(42) }, T0 + 1000);
    expect(next).toEqual({ reserved: true, at: T0 + 1000 });
    // Released, x1 asks afresh and queues behind x2.
    await pacer.release('x1');
    const fresh = await pacer.reserve({ id: 'x1', botId: 3, chatId: cid(42) }, T0 + 1000);
    expect(fresh).toEqual({ reserved: false, retryAt: T0 + 2000 });
  });

  it('after a 429, gives the chat no slot before retry_after has passed', async () => {
    const pacer = createPacer(r.redis, `${r.prefix}:429`, DEFAULT_PACE_LIMITS);
    await pacer.penalize({ botId: 4, chatId: cid(-777) }, T0, T0 + 5000);
    const slot = await pacer.reserve({ id: 'p1', botId: 4, chatId: cid(-777) }, T0 + 100);
    expect(slot).toEqual({ reserved: false, retryAt: T0 + 5000 });
    // Other chats of the same bot are not held back.
    expect(await pacer.reserve({ id: 'p2', botId: 4, chatId: cid(99) }, T0 + 100)).toEqual({ reserved: true, at: T0 + 100 });
    expect(await pacer.reserve({ id: 'p1', botId: 4, chatId: cid(-777) }, T0 + 5000)).toEqual({ reserved: true, at: T0 + 5000 });
  });

  // The bot's interval as the schedule runs it (1 % slower than the limit, see pacer.ts).
  const botT = gcraOf({ ...DEFAULT_PACE_LIMITS.bot, windowMs: DEFAULT_PACE_LIMITS.bot.windowMs * 1.01 }).t;

  it('lets low messages book at most lowAheadMs of the bot ahead, so a normal one after a thousand waits no longer', async () => {
    const pacer = createPacer(r.redis, `${r.prefix}:low`, DEFAULT_PACE_LIMITS);
    const lows = messages('l', 5, Array.from({ length: 1000 }, (_, i) => 10_000 + i), 1).map((m) => ({ ...m, at: T0, lowAheadMs: 500 }));
    const card = { id: 'card', botId: 5, chatId: cid(-9), at: T0 + 100 };
    const { sentAt, asks } = await simulateMixed(pacer, [...lows, card]);
    // Without the horizon the card's slot would come after every forward's, 35 s later.
    expect(sentAt.get('card')! - card.at).toBeLessThanOrEqual(500 + botT);
    expectWithin(sentAt, [...lows, card], DEFAULT_PACE_LIMITS);
    // Turned-away forwards come back one per bot interval, as slots free up, not all at once.
    expect(asks).toBeLessThan(2.1 * lows.length);
    expect(Math.max(...sentAt.values()) - T0).toBeLessThan(1001 * botT);
  });

  it('still sends low messages while normal ones keep coming, in the slots they leave', async () => {
    const pacer = createPacer(r.redis, `${r.prefix}:steady`, DEFAULT_PACE_LIMITS);
    const lows = messages('s', 6, Array.from({ length: 300 }, (_, i) => 20_000 + i), 1).map((m) => ({ ...m, at: T0, lowAheadMs: 500 }));
    // Normal messages at 20 a second for a minute, each to a chat of its own: two thirds of the bot's rate.
    const normals = Array.from({ length: 1200 }, (_, i) => ({ id: `n${i}`, botId: 6, chatId: cid(30_000 + i), at: T0 + i * 50 }));
    const { sentAt } = await simulateMixed(pacer, [...lows, ...normals]);
    expectWithin(sentAt, [...lows, ...normals], DEFAULT_PACE_LIMITS);
    // About 10 a second are left for the forwards: all 300 are out within the minute.
    expect(Math.max(...lows.map((m) => sentAt.get(m.id)!)) - T0).toBeLessThan(45_000);
    for (const m of normals) expect(sentAt.get(m.id)! - m.at).toBeLessThanOrEqual(500 + botT);
  });

  it('derives the interval so that limit and burst fit the window', () => {
    const rule: PaceRule = { limit: 20, windowMs: 60_000, burst: 1 };
    expect(gcraOf(rule)).toEqual({ t: 3000, tau: 0 });
    expect(gcraOf({ ...rule, burst: 3 })).toEqual({ t: 60_000 / 18, tau: (2 * 60_000) / 18 });
  });
});

// The departure check runs on the Redis server's clock, so these use real time, with a window long enough
// that the test's own pace cannot matter.
describe('departure check', () => {
  const rule: PaceRule = { limit: 5, windowMs: 3000, burst: 1 };
  const departures = (botId: number) => r.redis.llen(`${r.prefix}:gate:notifications:pace:departures:${botId}`);

  it('lets `limit` calls leave at once and holds the next until the oldest of them is a window old', async () => {
    const gate = createDepartureGate(r.redis, `${r.prefix}:gate`, rule);
    for (let i = 0; i < 5; i++) expect((await gate.leave(1)).waited).toBe(false);
    const sixth = gate.leave(1);
    const outcome = await Promise.race([sixth.then(() => 'left'), new Promise((resolve) => setTimeout(() => resolve('held'), 300))]);
    expect(outcome).toBe('held');
    // Another bot is not held back.
    expect((await gate.leave(2)).waited).toBe(false);
    expect(await departures(1)).toBe(5);
    expect((await sixth).waited).toBe(true);
  });

  it('lets a waiting call go before the low ones waiting with it, and holds a low call back for nobody else', async () => {
    const gate = createDepartureGate(r.redis, `${r.prefix}:gate`, rule);
    expect((await gate.leave(4, true)).waited).toBe(false);
    for (let i = 0; i < 4; i++) await gate.leave(4);
    const left: string[] = [];
    const card = gate.leave(4).then(() => left.push('card'));
    await sleep(50);
    const forwards = [gate.leave(4, true), gate.leave(4, true)].map((p, i) => p.then(() => left.push(`forward ${i}`)));
    await Promise.all([card, ...forwards]);
    expect(left[0]).toBe('card');
  });

  it('counts a call that came back much later than usual once more, as arriving now', async () => {
    const gate = createDepartureGate(r.redis, `${r.prefix}:gate`, rule);
    const quick = await gate.leave(3);
    await gate.arrived(3, quick);
    expect(await departures(3)).toBe(1);
    const slow = await gate.leave(3);
    await gate.arrived(3, { ...slow, askedAt: slow.askedAt - 500 });
    expect(await departures(3)).toBe(3);
  });
});
