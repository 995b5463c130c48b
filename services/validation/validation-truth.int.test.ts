import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertClaims, insertRaid, type ClaimInput } from '../raids/raids.test-support.js';
import { startValidationHarness, totalRequests, type ValidationHarness } from './validation.test-support.js';
import { uid } from '../platform/telegram-ids.test-support.js';

// A busy post, as most are: X lists 100 reposters at most and keeps likes private. Button presses cost
// nothing, so a claim that rests only on what X cannot show must not be paid as if verified; a repost past
// X's 100 is looked for on the member's own timeline, within a budget per raid.

let h: ValidationHarness;
const MIN = 60_000;
const DAY = 86_400_000;
const OLD = { createdAt: new Date('2020-01-01'), followers: 300 };
const ORIGINAL = 'The staking dashboard finally shows per-validator APR, which is exactly what I asked for';
type Person = { id: string; username: string };

beforeAll(async () => {
  h = await startValidationHarness('validation_truth');
});
afterAll(async () => {
  await h?.close();
});

let seq = 0;
const person = (prefix: string): Person => h.fake.createUser({ username: `${prefix}${++seq}`, ...OLD });
const claim = (tg: number, p: Person, at: Date): ClaimInput => ({ telegramUserId: tg, xUserId: p.id, xUsername: p.username, claimedAt: at });

/**
 * 150 raiders repost and like during the raid (the 50 earliest reposts are past X's 100), 30 of them reply;
 * raider 0's reply is copied by three others; 20 members press "I raided" and did nothing; 5 did nothing
 * with their linked account but replied from another one.
 */
async function busyRaid(chatId: number) {
  const f = h.fake;
  const now = f.clock.now().getTime();
  const start = new Date(now - 60 * MIN);
  const at = (minutes: number) => ({ at: new Date(start.getTime() + minutes * MIN) });
  const post = f.post(person('project').id, 'Per-validator APR is live', { at: new Date(start.getTime() - 5 * MIN) });
  const raiders = Array.from({ length: 150 }, () => person('raider'));
  raiders.forEach((u, i) => {
    f.repost(u.id, post.id, at(1 + i / 12));
    f.like(u.id, post.id, at(2 + i / 60));
  });
  const repliers = [...raiders.keys()].filter((i) => i < 10 || (i >= 100 && i < 120));
  for (const i of repliers) f.reply(raiders[i]!.id, post.id, i === 0 ? ORIGINAL : `raider ${i} here: ${(i * 7919).toString(36)} looks ${['solid', 'fair', 'bold'][i % 3]} to me`, at(3));
  const copiers = Array.from({ length: 3 }, () => person('copier'));
  const copies = [ORIGINAL.toUpperCase(), `${ORIGINAL} 🚀🚀`, `@friend ${ORIGINAL}!!`];
  copiers.forEach((u, i) => f.reply(u.id, post.id, copies[i]!, at(5 + i)));
  const idle = Array.from({ length: 20 }, () => person('idle'));
  const unlinked = Array.from({ length: 5 }, () => ({ linked: person('linked'), other: person('alt') }));
  unlinked.forEach((u, i) => f.reply(u.other.id, post.id, `I replied from my other account, number ${i}, the APR view is neat`, at(4)));

  const reward = { amount: 1_000_000_000n, token: 'USDT' };
  const raidId = await insertRaid(h.db.dataSource, {
    chatId, postId: post.id, startedAt: start, endsAt: new Date(now - 30 * MIN), targets: { replies: 30, reposts: 150, likes: 150 }, likes: 150, reward,
  });
  const claimAt = new Date(start.getTime() + 25 * MIN);
  const tg = { raider: (i: number) => 10_000 + i, copier: (i: number) => 20_000 + i, idle: (i: number) => 30_000 + i, unlinked: (i: number) => 40_000 + i };
  await insertClaims(h.db.dataSource, raidId, [
    ...raiders.map((u, i) => claim(tg.raider(i), u, claimAt)),
    ...copiers.map((u, i) => claim(tg.copier(i), u, claimAt)),
    ...idle.map((u, i) => claim(tg.idle(i), u, claimAt)),
    ...unlinked.map((u, i) => claim(tg.unlinked(i), u.linked, claimAt)),
  ]);
  return { raidId, tg, repliers: new Set(repliers), reward };
}

const outcomeOf = async (raidId: string, tg: number) => (await h.validation.outcomeFor(raidId, uid(tg)))!;

describe('a busy post: 150 reposters and 150 likers, X showing 100 reposters and no likes', () => {
  it('pays none of the 25 who did nothing X can see, verifies reposts past the 100 on timelines, and keeps the copied original', async () => {
    const { raidId, tg, repliers, reward } = await busyRaid(-700);
    h.fake.resetCounts();
    const r = await h.validation.run(raidId);

    // The 20 idle and the 5 who replied from an unlinked account: flagged for an admin, no points, no share.
    const nobodies = [...Array.from({ length: 20 }, (_, i) => tg.idle(i)), ...Array.from({ length: 5 }, (_, i) => tg.unlinked(i))];
    for (const t of nobodies) {
      const o = await outcomeOf(raidId, t);
      expect({ t, verdict: o.verdict, points: o.points, computed: o.computedPoints, reward: o.reward }).toEqual({ t, verdict: 'flagged', points: 0, computed: 0, reward: null });
      expect(o.flags.map((f) => f.rule)).toEqual(['self_report_only']);
      // Their timeline was read and shows no repost: only the hidden like keeps the claim from a rejection.
      expect(o.actions.repost.status).toBe('not_found');
      expect(o.actions.like.status).toBe('unverifiable');
    }

    // The 50 reposters past X's 100: those with nothing else verified had their timeline read and are verified
    // there; those with a verified reply keep an unverifiable repost (self-report point). None is rejected.
    for (let i = 0; i < 50; i++) {
      const o = await outcomeOf(raidId, tg.raider(i));
      expect(o.verdict, `raider ${i}`).not.toBe('rejected');
      if (repliers.has(i)) expect(o.actions.repost.status).toBe('unverifiable');
      else expect(o.actions.repost).toMatchObject({ status: 'verified', evidence: [{ source: 'timeline', postId: expect.any(String), at: expect.any(Date) }] });
    }
    for (let i = 50; i < 150; i++) expect((await outcomeOf(raidId, tg.raider(i))).actions.repost.evidence[0]?.source).toBe('retweeted_by');
    for (let i = 0; i < 150; i++) expect((await outcomeOf(raidId, tg.raider(i))).verdict, `raider ${i}`).toBe('accepted');

    // The honest original keeps its claim; the three copies are flagged and name it.
    const original = await outcomeOf(raidId, tg.raider(0));
    expect(original).toMatchObject({ verdict: 'accepted', reasons: [] });
    const originalPost = original.actions.reply.evidence[0]!.postId!;
    for (let i = 0; i < 3; i++) {
      const copy = await outcomeOf(raidId, tg.copier(i));
      expect(copy).toMatchObject({ verdict: 'flagged', reward: null });
      expect(copy.reasons).toEqual([expect.stringContaining(`earlier https://x.com/i/status/${originalPost}`)]);
    }

    expect(r.counts).toEqual({ accepted: 150, flagged: 28, rejected: 0 });
    expect(await h.validation.selfReportOnly(raidId)).toEqual({ total: 25, flagged: 25, acceptedByAdmin: 0, rejected: 0 });
    // One timeline request per claim that had nothing else verified: 40 raiders past the 100 and the 25.
    expect(h.fake.requestCounts()['GET /2/users/:id/tweets']).toBe(65);
    expect(h.fake.requestCounts()['GET /2/users'] ?? 0).toBe(0);
    // The whole pool went to the 150 accepted raiders, to the last unit.
    let paid = 0n;
    for (let i = 0; i < 150; i++) paid += (await outcomeOf(raidId, tg.raider(i))).reward ?? 0n;
    expect(paid).toBe(reward.amount);

    const [results] = (await h.db.dataSource.query(`SELECT payload FROM notifications.outbox WHERE chat_id = -700 ORDER BY id LIMIT 1`)) as Array<{ payload: { text: string } }>;
    expect(results!.payload.text).toContain('25 claims rested only on actions X cannot show: 25 flagged for an admin');
    expect(results!.payload.text).toContain('I read the timelines of 65 members it left out and found 40 reposts.');
  });

  it('with a small budget, leaves the rest unverifiable and flagged, never rejected, and reads no more than the budget', async () => {
    const { raidId, tg, repliers } = await busyRaid(-701);
    // Five of the raiders past the 100 were accepted in an earlier raid of this group: they are read first.
    const trusted = [10, 20, 30, 40, 49];
    await h.db.dataSource.query(
      `INSERT INTO validation.outcomes (raid_id, telegram_user_id, chat_id, x_user_id, x_username, claimed_at, actions, verdict, points, computed_points, validated_at)
       SELECT 999999, t, -701, 'x', 'x', now(), '{}'::jsonb, 'accepted', 5, 5, now() FROM unnest($1::bigint[]) AS t`,
      [trusted.map((i) => tg.raider(i))],
    );
    const frugal = h.validationWith({ timelineReadsPerRaid: 10 });
    h.fake.resetCounts();
    const r = await frugal.run(raidId);
    expect(h.fake.requestCounts()['GET /2/users/:id/tweets']).toBe(10);
    for (const i of trusted) expect((await outcomeOf(raidId, tg.raider(i))).actions.repost.evidence[0]?.source, `raider ${i}`).toBe('timeline');
    let viaTimeline = 0;
    for (let i = 0; i < 50; i++) {
      if (repliers.has(i)) continue;
      const o = await outcomeOf(raidId, tg.raider(i));
      expect(o.verdict, `raider ${i}`).not.toBe('rejected');
      if (o.actions.repost.status === 'verified') viaTimeline++;
      else expect(o).toMatchObject({ verdict: 'flagged', actions: { repost: { status: 'unverifiable' } } });
    }
    expect(viaTimeline).toBeLessThanOrEqual(10);
    for (let i = 0; i < 20; i++) expect((await outcomeOf(raidId, tg.idle(i))).verdict).toBe('flagged');
    expect(r.counts.rejected).toBe(0);
  });

  it('rejects claims resting on self-report alone when the group says so', async () => {
    const { raidId, tg } = await busyRaid(-702);
    h.settings.current = { ...h.settings.current, antifraud: { ...h.settings.current.antifraud, selfReportOnly: 'reject' } };
    try {
      await h.validation.run(raidId);
    } finally {
      h.settings.current = { ...h.settings.current, antifraud: { ...h.settings.current.antifraud, selfReportOnly: 'flag' } };
    }
    expect(await outcomeOf(raidId, tg.idle(0))).toMatchObject({ verdict: 'rejected', reasons: [expect.stringMatching(/this group rejects such claims$/)] });
    expect(await h.validation.selfReportOnly(raidId)).toEqual({ total: 25, flagged: 0, acceptedByAdmin: 0, rejected: 25 });
  });
});

describe('X requests of a raid with capped lists', () => {
  let post: { id: string };
  let repliers: Person[];
  let start: Date;
  beforeAll(() => {
    const f = h.fake;
    f.clock.advance(DAY);
    start = new Date(f.clock.now().getTime() - 60 * MIN);
    post = f.post(person('bigproject').id, 'Three thousand replies', { at: new Date(start.getTime() - MIN) });
    repliers = Array.from({ length: 3000 }, () => person('r'));
    repliers.forEach((u, i) => {
      const at = new Date(start.getTime() + MIN + i * 500);
      f.reply(u.id, post.id, `reply ${i}: ${(i * 7919).toString(36)} on ${(i * 104729).toString(36)} and ${(i % 97).toString(36)}`, { at });
      if (i < 150) f.repost(u.id, post.id, { at });
      if (i < 150) f.like(u.id, post.id, { at });
    });
  });

  async function raidOf(chatId: number, claims: (claimAt: Date) => ClaimInput[]) {
    const end = new Date(start.getTime() + 30 * MIN);
    const raidId = await insertRaid(h.db.dataSource, { chatId, postId: post.id, startedAt: start, endsAt: end, targets: { replies: 3000, reposts: 150, likes: 150 }, likes: 150 });
    await insertClaims(h.db.dataSource, raidId, claims(new Date(start.getTime() + 40 * MIN)));
    h.fake.resetCounts();
    const r = await h.validation.run(raidId);
    return { r, requests: totalRequests(h.fake), timelines: h.fake.requestCounts()['GET /2/users/:id/tweets'] ?? 0 };
  }

  it('are the same for 30 and 3,000 claimants X already shows, and grow by the budget at most for 2,970 who did nothing', async () => {
    const few = await raidOf(-710, (at) => repliers.slice(0, 30).map((u, i) => claim(50_000 + i, u, at)));
    const all = await raidOf(-711, (at) => repliers.map((u, i) => claim(60_000 + i, u, at)));
    expect(few.requests).toBeGreaterThan(0);
    expect(all.requests).toBe(few.requests);
    expect(all.timelines).toBe(0);
    expect(all.r.counts).toMatchObject({ accepted: 3000 });

    const ghosts = Array.from({ length: 2970 }, () => h.fake.createUser({ username: `g${++seq}`, ...OLD }));
    const farmed = await raidOf(-712, (at) => [...repliers.slice(0, 30).map((u, i) => claim(70_000 + i, u, at)), ...ghosts.map((g, i) => claim(80_000 + i, g, at))]);
    expect(farmed.timelines).toBe(100);
    expect(farmed.requests).toBe(few.requests + 100);
    expect(farmed.r.counts).toEqual({ accepted: 30, flagged: 2970, rejected: 0 });
  });
});
