// A raid's results in the Mini App, as an admin reviews them: every claimant with what X showed and why,
// a flagged member accepted from the app, and /raidreport's CSV; for the group's admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { claim, groupWithBot, linkedMember, type LinkedMember } from './raids.test-support.js';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';

describe('raid results in the Mini App', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let ada: number;
  let bob: number;
  let cleo: number;
  let chatId: number;
  let raidId: string;
  let post: { id: string; url: string };
  /** Replied during the raid from an old account: accepted. */
  let honest: LinkedMember;
  /** Replied from an account two days old: flagged for an admin. */
  let young: LinkedMember;
  /** Claimed without doing anything on X: rejected. */
  let silent: LinkedMember;

  beforeAll(async () => {
    t = await startTestPlatform();
    api = apiClient(t);
    ada = t.emulator.createUser({ firstName: 'Ada', username: 'ada_admin' }).id;
    bob = t.emulator.createUser({ firstName: 'Bob', username: 'bob_admin' }).id;
    cleo = t.emulator.createUser({ firstName: 'Cleo', username: 'cleo_admin' }).id;
    honest = await linkedMember(t, 'honest');
    young = await linkedMember(t, 'young', { createdAt: new Date(Date.now() - 2 * 86_400_000) });
    silent = await linkedMember(t, 'silent');
    chatId = await groupWithBot(t, 'Moon Validators', ada, [honest.tg, young.tg, silent.tg, cleo]);
    await groupWithBot(t, 'Bob’s Club', bob, []);
    t.emulator.promote(chatId, cleo, ada);
    await eventually(async () => (await t.platform.groups.admins(cid(chatId))).some((a) => a.userId === cleo), 'Cleo in the synced admin list');
    const project = t.x.createUser({ username: 'moonproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
    post = t.x.post(project, 'Staking is live. What do you think?');
    const res = await api.as(ada, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { replies: 10 }, durationMinutes: 60 });
    expect(res.status).toBe(201);
    raidId = (await json(res)).raid.id;
    for (const m of [honest, young, silent]) await claim(t, chatId, raidId, m);
    t.x.reply(honest.x, post.id, 'The staking dashboard looks clean and the APR is fair');
    t.x.reply(young.x, post.id, 'Been waiting for staking, congrats to the whole team');
    await eventually(async () => (await json(await api.as(ada, 'GET', `/raids/${raidId}`))).progress.replies === 2, 'the raid to count both replies');
  });
  afterAll(async () => {
    await t?.stop();
  });

  // The raid is ended and validated once, by the first case that needs it, so the cases pass in any order.
  let validated: Promise<void> | undefined;
  const raidValidated = () =>
    (validated ??= (async () => {
      expect((await api.as(ada, 'POST', `/raids/${raidId}/end`)).status).toBe(200);
      await eventually(async () => (await json(await api.as(ada, 'GET', `/raids/${raidId}/results`))).status === 'validated', 'the raid to be validated', 30_000);
    })());
  const results = async () => json(await api.as(ada, 'GET', `/raids/${raidId}/results`));
  const claimantOf = (body: Awaited<ReturnType<typeof json>>, m: LinkedMember) => body.claimants.find((c: { userId: number }) => c.userId === m.tg);

  it('lists the claims so far as pending before validation, and has no report yet', async () => {
    const body = await results();
    expect(body).toMatchObject({ raidId, status: 'pending', summary: null });
    expect(body.claimants.map((c: { userId: number }) => c.userId).sort()).toEqual([honest.tg, young.tg, silent.tg].sort());
    expect(claimantOf(body, honest)).toMatchObject({ name: 'honest', xUsername: 'honest_x', verdict: 'pending', actions: null, decision: null });
    const csv = await api.as(ada, 'GET', `/raids/${raidId}/report.csv`);
    expect(csv.status).toBe(404);
    expect((await json(csv)).error.code).toBe('not_found');
  });

  it('shows every claimant with what X showed, each action’s reasons, and the verdict', async () => {
    await raidValidated();
    const body = await results();
    expect(body.summary).toMatchObject({ counts: { accepted: 1, flagged: 1, rejected: 1 }, validatedAt: expect.any(String) });
    const h = claimantOf(body, honest);
    expect(h).toMatchObject({ verdict: 'accepted', points: 4, flagged: false, restsOn: 'verified', decision: null, reasons: [] });
    expect(h.actions.reply).toMatchObject({ verdict: 'verified', requested: true, reasons: ['seen_during_raid'] });
    expect(h.actions.reply.evidence).toEqual([
      expect.objectContaining({ source: 'replies', postId: expect.any(String), url: expect.stringMatching(/^https:\/\/x\.com\/i\/status\/\d+$/), text: expect.stringContaining('staking dashboard looks clean') }),
    ]);
    expect(h.actions.like).toMatchObject({ requested: false, reasons: expect.arrayContaining(['not_requested']) });
    const y = claimantOf(body, young);
    expect(y).toMatchObject({ verdict: 'flagged', points: 0, computedPoints: 4, flagged: true, awaitingDecision: true, decision: null });
    expect(y.reasons).toEqual([expect.objectContaining({ code: 'account_age', severity: 'flag', message: expect.stringMatching(/2 days old/) })]);
    const s = claimantOf(body, silent);
    expect(s).toMatchObject({ verdict: 'rejected', points: 0, restsOn: 'none', flagged: false });
    expect(s.reasons).toEqual([expect.objectContaining({ code: 'no_engagement', severity: 'reject' })]);
    expect(s.actions.reply).toMatchObject({ verdict: 'not_found', evidence: [], reasons: ['not_found'] });
  });

  it('accepts a flagged claimant from the app: the verdict and points change, once', async () => {
    await raidValidated();
    const res = await api.as(ada, 'POST', `/raids/${raidId}/claimants/${young.tg}/decision`, { decision: 'accept' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ verdict: 'accepted', points: 4, decision: { decision: 'accept', by: ada } });
    expect(claimantOf(await results(), young)).toMatchObject({ verdict: 'accepted', points: 4, flagged: true, awaitingDecision: false, decision: { decision: 'accept', by: ada } });
    await t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && /⚖️ Raid #\d+: @young_tg — accepted by/.test(m.text ?? ''), 20_000);
    const again = await api.as(ada, 'POST', `/raids/${raidId}/claimants/${young.tg}/decision`, { decision: 'reject' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('already_decided');
    const unflagged = await api.as(ada, 'POST', `/raids/${raidId}/claimants/${honest.tg}/decision`, { decision: 'reject' });
    expect(unflagged.status).toBe(409);
    expect((await json(unflagged)).error.code).toBe('not_flagged');
    const stranger = await api.as(ada, 'POST', `/raids/${raidId}/claimants/${bob}/decision`, { decision: 'accept' });
    expect(stranger.status).toBe(404);
  });

  it('refuses a decision that is neither accept nor reject with 400 naming the field', async () => {
    const res = await api.as(ada, 'POST', `/raids/${raidId}/claimants/${young.tg}/decision`, { decision: 'maybe' });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'invalid_request', field: 'body.decision' });
  });

  it('downloads /raidreport’s CSV', async () => {
    await raidValidated();
    const res = await api.as(ada, 'GET', `/raids/${raidId}/report.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="raid-${raidId}.csv"`);
    const csv = await res.text();
    expect(csv).toBe(await t.platform.validation!.reportCsv(raidId));
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('telegram_user_id,x_username,reply,repost,like,quote,bookmark,rests_on,verdict,reasons,points,reward,decided_by');
    expect(lines.find((l) => l.startsWith(`${honest.tg},`))).toMatch(/,verified,.*,accepted,/);
  });

  it('answers members and admins of other groups 403, and a demoted admin at once', async () => {
    await raidValidated();
    for (const who of [silent.tg, bob]) {
      for (const [method, path, body] of [
        ['GET', `/raids/${raidId}/results`],
        ['GET', `/raids/${raidId}/report.csv`],
        ['POST', `/raids/${raidId}/claimants/${silent.tg}/decision`, { decision: 'accept' }],
      ] as Array<[string, string, unknown?]>) {
        const res = await api.as(who, method, path, body);
        expect({ who, path, status: res.status, code: (await json(res)).error?.code }).toEqual({ who, path, status: 403, code: 'not_admin' });
      }
    }
    expect((await api.as(cleo, 'GET', `/raids/${raidId}/results`)).status).toBe(200);
    t.emulator.demote(chatId, cleo, ada);
    const res = await api.as(cleo, 'POST', `/raids/${raidId}/claimants/${silent.tg}/decision`, { decision: 'accept' });
    expect(res.status).toBe(403);
    expect((await t.platform.validation!.outcomeFor(raidId, uid(silent.tg)))?.verdict).toBe('rejected');
  });
});
