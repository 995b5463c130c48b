import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertClaims, insertRaid } from '../raids/raids.test-support.js';
import { startValidationHarness, type ValidationHarness } from './validation.test-support.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

// A scripted mix of honest and dishonest claimants against the X fake, then what follows validation:
// admin decisions, appeals (once), the report CSV and the points leaderboard.

let h: ValidationHarness;
const MIN = 60_000;
const DAY = 86_400_000;
const CHAT = cid(-500);
let raidId: string;
let postId: string;

const tg = { honest: uid(1001), dup1: uid(1002), dup2: uid(1003), young: uid(1004), idle: uid(1005), thief: uid(1006), early: uid(1007) } as const;

beforeAll(async () => {
  h = await startValidationHarness('validation_verdicts');
  const f = h.fake;
  const now = f.clock.now().getTime();
  const start = new Date(now - 60 * MIN);
  const old = { createdAt: new Date(now - 400 * DAY), followers: 300 };
  const author = f.createUser({ username: 'project', ...old });
  const honest = f.createUser({ username: 'honest', ...old });
  const dup1 = f.createUser({ username: 'dup_one', ...old });
  const dup2 = f.createUser({ username: 'dup_two', ...old });
  const young = f.createUser({ username: 'fresh', createdAt: new Date(start.getTime() - 2 * DAY - MIN), followers: 300 });
  const idle = f.createUser({ username: 'idle', ...old });
  const early = f.createUser({ username: 'early', ...old });
  const post = f.post(author.id, 'Our mainnet is live', { at: new Date(start.getTime() - 30 * MIN) });
  postId = post.id;
  const at = (m: number) => ({ at: new Date(start.getTime() + m * MIN) });
  f.reply(honest.id, post.id, 'I read the whitepaper and the staking model is neat', at(2));
  f.reply(dup1.id, post.id, 'Copy me: this raid bot is the best thing since sliced bread', at(3));
  f.reply(dup2.id, post.id, 'copy me this raid bot is the best thing since sliced bread!!', at(4));
  f.reply(young.id, post.id, 'congrats on shipping mainnet, the bridge UX is great', at(5));
  f.reply(early.id, post.id, 'been here since the start, great project overall', { at: new Date(start.getTime() - 10 * MIN) });
  for (const u of [honest, dup1, dup2, young]) f.repost(u.id, post.id, at(6));

  raidId = await insertRaid(h.db.dataSource, { chatId: CHAT, postId: post.id, startedAt: start, endsAt: new Date(now - 30 * MIN), reward: { amount: 1000n, token: 'WAR' } });
  const claimAt = new Date(start.getTime() + 20 * MIN);
  const claim = (t: number, u: { id: string; username: string }) => ({ telegramUserId: t, xUserId: u.id, xUsername: u.username, claimedAt: claimAt });
  await insertClaims(h.db.dataSource, raidId, [
    claim(tg.honest, honest), claim(tg.dup1, dup1), claim(tg.dup2, dup2), claim(tg.young, young),
    claim(tg.idle, idle), claim(tg.thief, honest), claim(tg.early, early),
  ]);
  // The honest member linked this X account; the thief claimed with it without owning it.
  await h.users.touch({ id: tg.honest, first_name: 'Hana', username: 'honest_tg' }, 1);
  await h.users.linkXAccount(tg.honest, honest, 'oauth');
  await h.users.touch({ id: 9, first_name: 'Admin <Ann>' }, 1);
});
afterAll(async () => {
  await h?.close();
});

const outcome = async (t: TelegramUserId) => (await h.validation.outcomeFor(raidId, t))!;
const outbox = async (chatId: number) =>
  (await h.db.dataSource.query(`SELECT payload, dedupe_key FROM notifications.outbox WHERE chat_id = $1 ORDER BY id`, [chatId])) as Array<{ payload: { text: string; reply_markup?: { inline_keyboard: Array<Array<{ callback_data: string }>> } }; dedupe_key: string }>;

describe('a scripted mix of claimants', () => {
  it('gets the verdicts, reasons and points the script calls for', async () => {
    const r = await h.validation.run(raidId);
    expect(r.counts).toEqual({ accepted: 2, flagged: 2, rejected: 3 });

    // The pool (1000 units) goes pro rata to the two accepted members with 9 points each.
    expect(await outcome(tg.honest)).toMatchObject({ verdict: 'accepted', points: 9, computedPoints: 9, reward: 500n, reasons: [] });
    const honest = await outcome(tg.honest);
    expect(honest.actions.reply).toMatchObject({ status: 'verified', evidence: [{ source: 'replies', postId: expect.any(String), at: expect.any(Date) }] });
    expect(honest.actions.repost.status).toBe('verified');

    // dup_one wrote first: the original keeps its claim; dup_two's later copy is flagged, naming it.
    expect(await outcome(tg.dup1)).toMatchObject({ verdict: 'accepted', points: 9, reward: 500n, reasons: [] });
    expect(await outcome(tg.dup2)).toMatchObject({ verdict: 'flagged', points: 0, computedPoints: 9, reward: null });
    expect((await outcome(tg.dup2)).flags.map((f) => f.rule)).toEqual(['near_duplicate']);
    expect((await outcome(tg.dup2)).reasons[0]).toMatch(/of @dup_one's earlier https:\/\/x\.com\/i\/status\/\d+/);
    expect((await outcome(tg.young)).reasons).toEqual(['X account @fresh is 2 days old (minimum 30)']);
    expect(await outcome(tg.young)).toMatchObject({ verdict: 'flagged', computedPoints: 9 });

    // No engagement: rejected for that alone (its profile was never read, and is not blamed for it).
    expect(await outcome(tg.idle)).toMatchObject({ verdict: 'rejected', points: 0, reasons: ['no engagement found: X shows none of the requested actions by this account'] });
    expect(await outcome(tg.thief)).toMatchObject({ verdict: 'rejected', points: 0, reasons: [`X account @honest is linked to another member (${tg.honest})`] });
    // Engagement from before the raid counts for nothing here, and is said to be no fraud flag.
    const early = await outcome(tg.early);
    expect(early.verdict).toBe('rejected');
    expect(early.flags.map((f) => f.rule)).toEqual(['no_engagement']);
    expect(early.reasons[0]).toMatch(/^nothing new for this raid: the reply X shows \(https:\/\/x\.com\/i\/status\/\d+, \d+ \w+ \d{4}, \d\d:\d\d UTC\) predates the raid start .*not a fraud flag$/);
    expect(early.actions.reply).toMatchObject({ status: 'not_found', preRaid: [{ postId: expect.any(String) }] });
  });

  it('posts the results and one admin review with buttons for each flagged member', async () => {
    const [results, review] = await outbox(CHAT);
    expect(results!.dedupe_key).toBe(`raid:${raidId}:results`);
    expect(results!.payload.text).toContain('accepted: <b>2</b> · 🟡 flagged: <b>2</b> · ❌ rejected: <b>3</b>');
    expect(results!.payload.text).toContain('1. @honest_tg — 9 points');
    expect(results!.payload.text).toContain('/myraid');
    const buttons = review!.payload.reply_markup!.inline_keyboard.map((row) => row.map((b) => b.callback_data));
    expect(buttons).toEqual([tg.dup2, tg.young].map((t) => [`rv:${raidId}:${t}:a`, `rv:${raidId}:${t}:r`]));
    expect(buttons.flat().every((d) => Buffer.byteLength(d) <= 64)).toBe(true);
    const events = await h.history.list({ subjectKind: 'raid', subjectId: raidId });
    expect(events.find((e) => e.action === 'raid.validated')?.data).toMatchObject({ counts: { accepted: 2, flagged: 2, rejected: 3 }, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('says when X hid likes, and never accepts a claim that rests on a hidden like alone', async () => {
    const f = h.fake;
    const now = f.clock.now().getTime();
    const author = f.createUser({ username: 'other_project' });
    const fan = f.createUser({ username: 'fan', createdAt: new Date(now - 400 * DAY), followers: 50 });
    const post = f.post(author.id, 'like this', { at: new Date(now - 90 * MIN) });
    f.like(fan.id, post.id, { at: new Date(now - 50 * MIN) });
    const id = await insertRaid(h.db.dataSource, { chatId: -501, postId: post.id, startedAt: new Date(now - 60 * MIN), endsAt: new Date(now - 30 * MIN), targets: { replies: 0, reposts: 0, likes: 5 }, likes: 1 });
    await insertClaims(h.db.dataSource, id, [{ telegramUserId: 77, xUserId: fan.id, xUsername: 'fan', claimedAt: new Date(now - 45 * MIN) }]);
    h.fake.resetCounts();
    const r = await h.validation.run(id);
    // The like may well be real, but nothing X shows says so: an admin decides, and the word alone earns nothing.
    expect(await h.validation.outcomeFor(id, uid(77))).toMatchObject({ verdict: 'flagged', points: 0, computedPoints: 0, actions: { like: { status: 'unverifiable' } } });
    expect((await h.validation.outcomeFor(id, uid(77)))!.flags.map((x) => x.rule)).toEqual(['self_report_only']);
    expect(r.counts).toEqual({ accepted: 0, flagged: 1, rejected: 0 });
    // Its profile is not read: an admin looks at a claim resting on the member's word; X's bill does not grow with such claims.
    expect(h.fake.requestCounts()['GET /2/users'] ?? 0).toBe(0);
    const text = (await outbox(-501))[0]!.payload.text;
    expect(text).toContain('1 claim rested only on actions X cannot show: 1 flagged for an admin');
    expect(text).toContain('X keeps likes hidden: a like earns 1 only next to an action X verified.');
    expect(await h.validation.selfReportOnly(id)).toEqual({ total: 1, flagged: 1, acceptedByAdmin: 0, rejected: 0 });
  });
});

describe('after validation', () => {
  it('lets an admin decide a flagged member once, awarding the computed points', async () => {
    const d = await h.validation.decide(raidId, tg.dup2, uid(9), 'accept');
    expect(d).toMatchObject({ ok: true, outcome: { verdict: 'accepted', points: 9, decidedBy: 9, reward: null } });
    expect(await outcome(tg.dup2)).toMatchObject({ verdict: 'accepted', points: 9, decidedBy: 9 });
    expect(await h.validation.decide(raidId, tg.dup2, uid(9), 'reject')).toMatchObject({ ok: false, reason: 'not_pending' });
    expect(await h.validation.decide(raidId, tg.young, uid(9), 'reject')).toMatchObject({ ok: true, outcome: { verdict: 'rejected', points: 0 } });
    expect(await h.validation.decide(raidId, tg.honest, uid(9), 'reject')).toMatchObject({ ok: false, reason: 'not_pending' });
    expect(await h.validation.decide(raidId, uid(424242), uid(9), 'accept')).toMatchObject({ ok: false, reason: 'not_found' });
    const texts = (await outbox(CHAT)).map((m) => m.payload.text);
    expect(texts.some((t) => t.includes('accepted by Admin &lt;Ann&gt; (+9 points)') && t.includes('shares stay as they were posted'))).toBe(true);
    const events = await h.history.list({ subjectKind: 'raid', subjectId: raidId });
    expect(events.filter((e) => e.action === 'raid.claim_decided')).toHaveLength(2);
  });

  it('takes one appeal per rejection, and an admin decides it', async () => {
    expect(await h.validation.appeal(raidId, tg.honest, 'why')).toMatchObject({ ok: false, reason: 'not_rejected' });
    expect(await h.validation.appeal(raidId, tg.idle, '   ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(await h.validation.appeal(raidId, tg.idle, 'I liked it, <b>honest</b>')).toMatchObject({ ok: true, outcome: { appealState: 'pending' } });
    expect(await h.validation.appeal(raidId, tg.idle, 'again')).toMatchObject({ ok: false, reason: 'already_appealed' });
    const appealMsg = (await outbox(CHAT)).find((m) => m.dedupe_key === `raid:${raidId}:appeal:${tg.idle}`)!;
    expect(appealMsg.payload.text).toContain('I liked it, &lt;b&gt;honest&lt;/b&gt;');
    expect(appealMsg.payload.reply_markup!.inline_keyboard[0]!.map((b) => b.callback_data)).toEqual([`rv:${raidId}:${tg.idle}:a`, `rv:${raidId}:${tg.idle}:r`]);

    expect(await h.validation.decide(raidId, tg.idle, uid(9), 'reject')).toMatchObject({ ok: true, outcome: { verdict: 'rejected', appealState: 'upheld' } });
    expect(await h.validation.appeal(raidId, tg.idle, 'please')).toMatchObject({ ok: false, reason: 'already_appealed' });
    expect(await h.validation.decide(raidId, tg.idle, uid(9), 'accept')).toMatchObject({ ok: false, reason: 'not_pending' });

    // A member an admin rejected may appeal that decision once too; overturned, they get the computed points.
    expect(await h.validation.appeal(raidId, tg.young, 'my account is new, but I am real')).toMatchObject({ ok: true });
    expect(await h.validation.decide(raidId, tg.young, uid(9), 'accept')).toMatchObject({ ok: true, outcome: { verdict: 'accepted', points: 9, appealState: 'overturned' } });
    const events = await h.history.list({ subjectKind: 'raid', subjectId: raidId });
    expect(events.filter((e) => e.action === 'raid.appealed')).toHaveLength(2);
  });

  it('reports one CSV row per claimant that matches the stored outcomes', async () => {
    const csv = (await h.validation.reportCsv(raidId))!;
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe('telegram_user_id,x_username,reply,repost,like,quote,bookmark,rests_on,verdict,reasons,points,reward,decided_by');
    expect(rows).toHaveLength(7);
    for (const t of Object.values(tg)) {
      const o = await outcome(t);
      const row = rows.find((r) => r.startsWith(`${t},`))!;
      const a = o.actions;
      expect(row.startsWith(`${t},${o.claimant.xUsername},${a.reply.status},${a.repost.status},${a.like.status},${a.quote.status},${a.bookmark.status},`)).toBe(true);
      expect(row).toContain(`,${o.verdict},`);
      expect(row.endsWith(`,${o.verdict === 'flagged' ? o.computedPoints : o.points},${o.reward ?? ''},${o.decidedBy ?? ''}`)).toBe(true);
    }
    expect(rows.find((r) => r.startsWith(`${tg.honest},`))).toBe(`${tg.honest},honest,verified,verified,not_found,not_found,unverifiable,verified,accepted,,9,500,`);
    // What happened after validation is in the file: accepted by admin 9, on appeal.
    expect(rows.find((r) => r.startsWith(`${tg.young},`))).toMatch(/,accepted,.*,9,,9$/);
    expect(await h.validation.reportCsv('999999')).toBeNull();
  });

  it('keeps a blacklist per group that the next validation applies', async () => {
    expect(await h.blacklist.blacklistAdd(CHAT, 'x', '@Honest', uid(9))).toEqual({ ok: true, changed: true, value: 'honest' });
    expect(await h.blacklist.blacklistAdd(CHAT, 'x', 'honest', uid(9))).toEqual({ ok: true, changed: false, value: 'honest' });
    expect(await h.blacklist.blacklistAdd(CHAT, 'telegram', 'abc', uid(9))).toEqual({ ok: false, error: 'invalid_value' });
    expect(await h.blacklist.blacklistAdd(CHAT, 'telegram', String(tg.young), uid(9))).toMatchObject({ ok: true, changed: true });
    expect(await h.blacklist.blacklistRemove(CHAT, 'telegram', String(tg.young), uid(9))).toMatchObject({ ok: true, changed: true });
    expect(await h.blacklist.blacklistRemove(CHAT, 'telegram', String(tg.young), uid(9))).toMatchObject({ ok: true, changed: false });
  });
});

describe('points leaderboard', () => {
  it('sums accepted points only, within the window asked for', async () => {
    // Rejected members are not on it; members an admin accepted are; equal points go by Telegram id.
    expect(await h.validation.pointsByMember(CHAT, { limit: 10 })).toEqual([
      { telegramUserId: tg.honest, points: 9 },
      { telegramUserId: tg.dup1, points: 9 },
      { telegramUserId: tg.dup2, points: 9 },
      { telegramUserId: tg.young, points: 9 },
    ]);
    // Two days later, a second raid where the honest member (now blacklisted by X username) and another raider claim.
    const f = h.fake;
    f.clock.advance(2 * DAY);
    const now = f.clock.now().getTime();
    const raider = f.createUser({ username: 'raider2', createdAt: new Date(now - 400 * DAY), followers: 300 });
    const honestX = (await outcome(tg.honest)).claimant;
    const post = f.post(f.createUser({ username: 'project2' }).id, 'second', { at: new Date(now - 90 * MIN) });
    f.reply(raider.id, post.id, 'a second raid, a second thoughtful reply', { at: new Date(now - 50 * MIN) });
    f.reply(honestX.xUserId, post.id, 'honest again with something worth reading', { at: new Date(now - 50 * MIN) });
    const second = await insertRaid(h.db.dataSource, { chatId: CHAT, postId: post.id, startedAt: new Date(now - 60 * MIN), endsAt: new Date(now - 30 * MIN), targets: { reposts: 0 } });
    await insertClaims(h.db.dataSource, second, [
      { telegramUserId: 2001, xUserId: raider.id, xUsername: 'raider2', claimedAt: new Date(now - 40 * MIN) },
      { telegramUserId: tg.honest, xUserId: honestX.xUserId, xUsername: honestX.xUsername, claimedAt: new Date(now - 40 * MIN) },
    ]);
    await h.validation.run(second);
    expect((await h.validation.outcomeFor(second, tg.honest))?.reasons).toEqual(['X account @honest is blacklisted in this group']);

    const weekAgo = new Date(now - 7 * DAY);
    const dayAgo = new Date(now - DAY);
    expect(await h.validation.pointsByMember(CHAT, { since: dayAgo, limit: 10 })).toEqual([{ telegramUserId: 2001, points: 4 }]);
    expect(await h.validation.pointsByMember(CHAT, { since: weekAgo, limit: 10 })).toEqual([
      { telegramUserId: tg.honest, points: 9 },
      { telegramUserId: tg.dup1, points: 9 },
      { telegramUserId: tg.dup2, points: 9 },
      { telegramUserId: tg.young, points: 9 },
      { telegramUserId: 2001, points: 4 },
    ]);
    expect(await h.validation.pointsByMember(CHAT, { since: weekAgo, limit: 2 })).toHaveLength(2);
    expect(await h.validation.pointsByMember(cid(-999), { limit: 10 })).toEqual([]);
  });
});
