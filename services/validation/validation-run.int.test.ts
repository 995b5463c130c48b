import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XRateLimitedError, XUnavailableError } from '../x/index.js';
import { raidResultDigest } from './digest.js';
import { loadOutcomes } from './outcome-store.js';
import { insertClaims, insertRaid, type ClaimInput } from '../raids/raids.test-support.js';
import { startValidationHarness, totalRequests, type ValidationHarness } from './validation.test-support.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';

// The runner against the X fake, real Postgres and Redis: X requests follow engagement, not claimants; an X
// outage stores nothing and judges nobody; a second run returns the stored result.

let h: ValidationHarness;
const MIN = 60_000;
let author: { id: string };
const engagers: Array<{ id: string; username: string }> = [];

beforeAll(async () => {
  h = await startValidationHarness('validation_run');
  author = h.fake.createUser({ username: 'project', createdAt: new Date('2019-01-01'), followers: 5000 });
  // Likes of the app owner's posts are visible, so the like list is complete and proves absence.
  h.fake.setAppAccount(author.id);
  for (let i = 0; i < 30; i++) engagers.push(h.fake.createUser({ username: `raider${i}`, createdAt: new Date('2020-01-01'), followers: 300 + i }));
});
afterAll(async () => {
  await h?.close();
});

const caught = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const count = async (sql: string, params: unknown[]) => Number((await h.db.dataSource.query(sql, params))[0].n);

/** A post of the project's with all 30 raiders replying (distinct texts), reposting and liking during the raid. */
function engagedRaidPost(tag: string, start: Date) {
  const post = h.fake.post(author.id, `Raid me ${tag}`, { at: new Date(start.getTime() - 5 * MIN) });
  engagers.forEach((u, i) => {
    const at = new Date(start.getTime() + MIN + i * 1000);
    h.fake.reply(u.id, post.id, `take ${i} on ${tag}: ${(i * 7919).toString(36)} staking looks ${['solid', 'fair', 'bold'][i % 3]} number ${i * 31}`, { at });
    h.fake.repost(u.id, post.id, { at });
    h.fake.like(u.id, post.id, { at });
  });
  return post;
}

function window() {
  const now = h.fake.clock.now().getTime();
  return { start: new Date(now - 60 * MIN), end: new Date(now - 30 * MIN), claimAt: new Date(now - 50 * MIN) };
}

const raiderClaims = (firstTg: number, claimAt: Date): ClaimInput[] =>
  engagers.map((u, i) => ({ telegramUserId: firstTg + i, xUserId: u.id, xUsername: u.username, claimedAt: claimAt }));

describe('X requests per raid', () => {
  it('are the same for 30 and 3,000 claimants with the same engagement, and are recorded with the result', async () => {
    const w = window();
    const targets = { replies: 30, reposts: 30, likes: 30 };
    const small = await insertRaid(h.db.dataSource, { chatId: cid(-100), postId: engagedRaidPost('small', w.start).id, startedAt: w.start, endsAt: w.end, targets });
    const big = await insertRaid(h.db.dataSource, { chatId: cid(-101), postId: engagedRaidPost('big', w.start).id, startedAt: w.start, endsAt: w.end, targets });
    await insertClaims(h.db.dataSource, small, raiderClaims(1, w.claimAt));
    const ghosts = Array.from({ length: 2970 }, (_, i): ClaimInput => ({ telegramUserId: 10_000 + i, xUserId: String(9_000_000_000 + i), xUsername: `ghost${i}`, claimedAt: w.claimAt }));
    await insertClaims(h.db.dataSource, big, [...raiderClaims(101, w.claimAt), ...ghosts]);

    h.fake.resetCounts();
    const a = await h.validation.run(small);
    const smallRequests = totalRequests(h.fake);
    h.fake.resetCounts();
    const b = await h.validation.run(big);
    const bigRequests = totalRequests(h.fake);

    expect(smallRequests).toBeGreaterThan(0);
    expect(bigRequests).toBe(smallRequests);
    // Profiles came with the engagement; nobody's profile was read one by one.
    expect(h.fake.requestCounts()['GET /2/users'] ?? 0).toBe(0);
    expect(a.counts).toEqual({ accepted: 30, flagged: 0, rejected: 0 });
    expect(b.counts).toEqual({ accepted: 30, flagged: 0, rejected: 2970 });
    expect(a.xRequests).toBe(smallRequests);
    expect(b.xRequests).toBe(bigRequests);
    expect(a.xCostMicros).toBeGreaterThan(0n);
    const ghost = await h.validation.outcomeFor(big, uid(10_000));
    expect(ghost?.reasons).toEqual(['no engagement found: X shows none of the requested actions by this account']);
  });
});

describe('X failing during validation', () => {
  async function smallRaid(chatId: number, tag: string) {
    const w = window();
    const post = h.fake.post(author.id, `Raid ${tag}`, { at: new Date(w.start.getTime() - MIN) });
    const [u0, u1] = engagers;
    h.fake.reply(u0!.id, post.id, `a thoughtful reply for ${tag} about the roadmap`, { at: new Date(w.start.getTime() + 2 * MIN) });
    h.fake.repost(u1!.id, post.id, { at: new Date(w.start.getTime() + 2 * MIN) });
    const raidId = await insertRaid(h.db.dataSource, { chatId, postId: post.id, startedAt: w.start, endsAt: w.end });
    await insertClaims(h.db.dataSource, raidId, [
      { telegramUserId: uid(501), xUserId: u0!.id, xUsername: u0!.username, claimedAt: w.claimAt },
      { telegramUserId: uid(502), xUserId: u1!.id, xUsername: u1!.username, claimedAt: w.claimAt },
      { telegramUserId: uid(503), xUserId: engagers[2]!.id, xUsername: engagers[2]!.username, claimedAt: w.claimAt },
    ]);
    return raidId;
  }

  async function expectNothingStored(raidId: string, chatId: number) {
    expect(await count(`SELECT count(*) AS n FROM validation.outcomes WHERE raid_id = $1`, [raidId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM validation.results WHERE raid_id = $1`, [raidId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM notifications.outbox WHERE chat_id = $1`, [chatId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM history.events WHERE action = 'raid.validated' AND subject_id = $1`, [raidId])).toBe(0);
    expect((await h.db.dataSource.query(`SELECT status FROM raids.raids WHERE id = $1`, [raidId]))[0].status).toBe('ended');
  }

  async function expectJudgedRight(raidId: string) {
    const r = await h.validation.run(raidId);
    expect(r.alreadyValidated).toBe(false);
    expect(r.counts).toEqual({ accepted: 2, flagged: 0, rejected: 1 });
    expect((await h.validation.outcomeFor(raidId, uid(501)))?.verdict).toBe('accepted');
    expect((await h.validation.outcomeFor(raidId, uid(502)))?.verdict).toBe('accepted');
    expect((await h.validation.outcomeFor(raidId, uid(503)))?.reasons[0]).toMatch(/^no engagement found/);
  }

  it('a 429 throws XRateLimitedError, stores nothing, and the run after the reset judges correctly', async () => {
    const raidId = await smallRaid(-200, '429');
    h.fake.injectFault({ endpoint: 'GET /2/tweets/:id/quote_tweets', status: 429, times: 1 });
    const error = await caught(h.validation.run(raidId));
    expect(error).toBeInstanceOf(XRateLimitedError);
    await expectNothingStored(raidId, -200);
    // Too early: the spent window is shared, so X is not even asked.
    expect(await caught(h.validation.run(raidId))).toBeInstanceOf(XRateLimitedError);
    await expectNothingStored(raidId, -200);
    h.fake.clock.advance((error as XRateLimitedError).resetAt.getTime() - h.fake.clock.now().getTime() + 1000);
    await expectJudgedRight(raidId);
  });

  it('a 503 throws XUnavailableError, stores nothing, and a later run judges correctly', async () => {
    const raidId = await smallRaid(-201, '503');
    h.fake.injectFault({ endpoint: 'GET /2/tweets/search/recent', status: 503, times: 1 });
    expect(await caught(h.validation.run(raidId))).toBeInstanceOf(XUnavailableError);
    await expectNothingStored(raidId, -201);
    await expectJudgedRight(raidId);
  });
});

describe('running again', () => {
  it('returns the stored result without asking X or sending anything, and the stored outcomes give the same digest', async () => {
    const w = window();
    const post = h.fake.post(author.id, 'Raid twice', { at: w.start });
    h.fake.reply(engagers[3]!.id, post.id, 'second time lucky, this protocol rocks', { at: new Date(w.start.getTime() + MIN) });
    const raidId = await insertRaid(h.db.dataSource, { chatId: cid(-300), postId: post.id, startedAt: w.start, endsAt: w.end, reward: { amount: 1001n, token: 'WAR' } });
    await insertClaims(h.db.dataSource, raidId, raiderClaims(601, w.claimAt).slice(0, 5));

    // Two workers at once: one validates, the other waits on the raid row and returns the stored result.
    const [one, two] = await Promise.all([h.validation.run(raidId), h.validation.run(raidId)]);
    expect([one.alreadyValidated, two.alreadyValidated].sort()).toEqual([false, true]);
    expect(two.digest).toBe(one.digest);
    const outbox = await count(`SELECT count(*) AS n FROM notifications.outbox WHERE chat_id = $1`, [-300]);
    expect(outbox).toBeGreaterThan(0);

    h.fake.resetCounts();
    const again = await h.validation.run(raidId);
    expect(again).toMatchObject({ alreadyValidated: true, digest: one.digest, counts: one.counts, xRequests: one.xRequests });
    expect(totalRequests(h.fake)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM notifications.outbox WHERE chat_id = $1`, [-300])).toBe(outbox);
    expect(await count(`SELECT count(*) AS n FROM history.events WHERE action = 'raid.validated' AND subject_id = $1`, [raidId])).toBe(1);

    // Anyone holding the stored outcomes can recompute the digest committed to the history.
    const stored = await loadOutcomes(h.db.dataSource.manager, raidId);
    const reward = { pool: { amount: 1001n, token: 'WAR' }, split: 'pro_rata' as const, shares: [], rule: one.reward!.rule, remainder: one.reward!.remainder, undistributed: one.reward!.undistributed };
    expect(raidResultDigest({ raidId, postId: post.id, outcomes: stored, reward }).sha256).toBe(one.digest);
  });
});
