// A trending term cannot flood a chat: a group gets at most its cap of relays per window, and one summary
// of everything held back (an exact count, the terms, the three most engaged posts) once the window closes.
import { describe, expect, it } from 'vitest';
import type { XPost } from '../../x/index.js';
import { xPost } from './posts.test-support.js';
import { emptyRateCapState, planRelays, type CapMatch, type RateCap, type RateCapState } from './rate-cap.js';

const T0 = new Date('2026-12-04T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const cap: RateCap = { perWindow: 3, windowMs: 60 * 60_000 };
const post = (id: number, likes = 0, text = `post ${id}`): XPost => xPost({ id: String(1_000 + id), text, metrics: { likes } });
const match = (id: number, terms = ['$WAR'], likes = 0): CapMatch => ({ post: post(id, likes), terms });
const ids = (ms: CapMatch[]) => ms.map((m) => m.post.id);

/** Feeds the calls in turn, as the caller does, keeping the state through JSON as Postgres would. */
function run(calls: Array<[Date, CapMatch[]]>, limits = cap) {
  let state: RateCapState = emptyRateCapState();
  return calls.map(([now, matches]) => {
    const plan = planRelays(state, matches, now, limits);
    state = JSON.parse(JSON.stringify(plan.state)) as RateCapState;
    return plan;
  });
}

describe('planRelays', () => {
  it('relays every match while the group is under its cap, with no summary', () => {
    const [a, b] = run([[at(0), [match(1), match(2)]], [at(30), [match(3)]]]);
    expect(ids(a!.relay)).toEqual(['1001', '1002']);
    expect(ids(b!.relay)).toEqual(['1003']);
    expect([a!.summary, b!.summary]).toEqual([null, null]);
  });

  it('holds back what is over the cap in a window, oldest relayed first, and summarises it once the window closes', () => {
    const plans = run([
      [at(0), [match(1), match(2)]],
      [at(10), [match(3), match(4, ['#warhorn'], 5), match(5, ['$WAR'], 50)]],
      [at(59), [match(6, ['"raid now"'], 7), match(7, ['$WAR'], 1)]],
      [at(60), []],
      [at(61), []],
    ]);
    expect(plans.map((p) => ids(p.relay))).toEqual([['1001', '1002'], ['1003'], [], [], []]);
    expect(plans.slice(0, 3).map((p) => p.summary)).toEqual([null, null, null]);
    expect(plans[3]!.summary).toEqual({
      terms: ['#warhorn', '$WAR', '"raid now"'],
      count: 4,
      windowStart: at(0),
      windowEnd: at(60),
      top: [post(5, 50), post(6, 7), post(4, 5)],
    });
    expect(plans[4]!.summary).toBeNull();
  });

  it('starts a new window with the call that closes the old one', () => {
    const plans = run([
      [at(0), [match(1), match(2), match(3), match(4)]],
      [at(90), [match(5), match(6), match(7), match(8), match(9)]],
      [at(149), []],
      [at(150), []],
    ]);
    expect(ids(plans[1]!.relay)).toEqual(['1005', '1006', '1007']);
    expect(plans[1]!.summary).toMatchObject({ count: 1, windowStart: at(0), windowEnd: at(60), top: [post(4)] });
    expect(plans[2]!.summary).toBeNull();
    expect(plans[3]!.summary).toMatchObject({ count: 2, windowStart: at(90), windowEnd: at(150) });
  });

  it('sends no summary for a window that held nothing back, and opens the next at the next match', () => {
    const plans = run([[at(0), [match(1)]], [at(60), []], [at(200), [match(2)]], [at(259), [match(3), match(4), match(5)]]]);
    expect(plans.map((p) => p.summary)).toEqual([null, null, null, null]);
    expect(plans[1]!.state.windowStart).toBeNull();
    expect(ids(plans[3]!.relay)).toEqual(['1003', '1004']);
  });

  it('sends a post found by two queries once, with both terms, and counts it once when held', () => {
    const both = run([[at(0), [match(1, ['$WAR']), match(1, ['#warhorn'])]], [at(1), [match(1, ['#warhorn'])]]]);
    expect(both[0]!.relay).toEqual([{ post: post(1), terms: ['$WAR', '#warhorn'] }]);
    expect(both[1]!.relay).toEqual([]);

    const full = { perWindow: 1, windowMs: cap.windowMs };
    const plans = run([[at(0), [match(1), match(2, ['$WAR'], 3)]], [at(5), [match(2, ['"raid now"'], 9)]], [at(60), []]], full);
    expect(plans[2]!.summary).toMatchObject({ count: 1, terms: ['$WAR', '"raid now"'], top: [post(2, 9)] });
  });

  it('keeps an exact count of 10,000 held posts in a state that stays small', () => {
    const text = 'a long post about $WAR '.repeat(12);
    const flood = Array.from({ length: 10_000 }, (_, i) => ({ post: xPost({ id: String(1_900_000_000_000_000_000n + BigInt(i)), text, metrics: { likes: i % 97, replies: i % 13 } }), terms: ['$WAR', '#warhorn'] }));
    const plans = run([[at(0), flood.slice(0, 4_000)], [at(20), flood.slice(4_000)], [at(60), []]]);
    const stored = JSON.stringify(plans[1]!.state);
    // The ids and little else: about 22 characters per post, and the three top posts whole.
    expect(stored.length).toBeLessThan(10_000 * 22 + 3 * 1_500);
    const summary = plans[2]!.summary!;
    expect(summary.count).toBe(10_000 - cap.perWindow);
    expect(summary.terms).toEqual(['$WAR', '#warhorn']);
    expect(summary.top.map((p) => p.metrics.likes + p.metrics.replies)).toEqual([96 + 12, 96 + 12, 96 + 12]);
    // Ties go to the post held first.
    expect(summary.top[0]!.id).toBe(flood.find((m, i) => i >= cap.perWindow && m.post.metrics.likes === 96 && m.post.metrics.replies === 12)!.post.id);
  });

  it('gives back held posts whole, dates included, after the state went through JSON', () => {
    const full = xPost({ id: '77', text: 'gm $WAR', createdAt: new Date('2026-12-04T09:59:00.000Z'), metrics: { likes: 3 }, entities: { cashtags: [{ start: 3, end: 7, tag: 'WAR' }] } });
    const plans = run([[at(0), [{ post: full, terms: ['$WAR'] }]], [at(60), []]], { perWindow: 0, windowMs: cap.windowMs });
    expect(plans[0]!.relay).toEqual([]);
    expect(plans[1]!.summary!.top).toEqual([full]);
    expect(plans[1]!.summary!.top[0]!.author!.createdAt).toBeInstanceOf(Date);
  });

  it('leaves the state it was given as it was', () => {
    const state = planRelays(emptyRateCapState(), [match(1), match(2), match(3), match(4)], at(0), cap).state;
    const before = structuredClone(state);
    planRelays(state, [match(5, ['#new'], 9)], at(1), cap);
    planRelays(state, [], at(60), cap);
    expect(state).toEqual(before);
  });

  it('refuses a cap that makes no sense', () => {
    expect(() => planRelays(emptyRateCapState(), [], T0, { perWindow: -1, windowMs: 1 })).toThrow(RangeError);
    expect(() => planRelays(emptyRateCapState(), [], T0, { perWindow: 1.5, windowMs: 1 })).toThrow(RangeError);
    expect(() => planRelays(emptyRateCapState(), [], T0, { perWindow: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
