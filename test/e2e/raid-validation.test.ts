import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

type Kind = 'honest' | 'honest-repost' | 'duplicate' | 'young' | 'silent' | 'passed-account' | 'early';
interface Member { name: string; kind: Kind; tg: TelegramUserId; x: { id: string; username: string } }

// About thirty members raid a post. Some are honest, some are not; every verdict and every point must be the
// one this script expects, and the report, the leaderboard and the export must say the same.
describe('raid validation as members and admins see it', () => {
  let t: TestPlatform;
  let api: Api;
  let groupId: ChatId;
  let admin: TelegramUserId;
  let post: { id: string; url: string };
  const members: Member[] = [];
  let before: unknown;
  const DAY = 86_400_000;
  const plan: Array<[Kind, number]> = [['honest', 14], ['honest-repost', 6], ['duplicate', 3], ['young', 1], ['silent', 2], ['passed-account', 1], ['early', 1]];
  // What the script expects: replies earn 4, reposts 5 (only requested actions count: replies and reposts).
  // The first of the duplicates wrote the text the others copied: it keeps its claim (see `want`).
  const expected: Record<Kind, { verdict: string; points: number; reason?: RegExp }> = {
    honest: { verdict: 'accepted', points: 4 },
    'honest-repost': { verdict: 'accepted', points: 9 },
    duplicate: { verdict: 'flagged', points: 0, reason: /near-duplicate .* of @dup0_x's earlier/i },
    young: { verdict: 'flagged', points: 0, reason: /days old|young|account/i },
    silent: { verdict: 'rejected', points: 0, reason: /no engagement/i },
    'passed-account': { verdict: 'rejected', points: 0, reason: /another member|linked to/i },
    early: { verdict: 'rejected', points: 0, reason: /predates the raid start/i },
  };

  // Short names: X usernames are at most 15 characters.
  const want = (m: Member) => (m.name === 'dup0' ? { verdict: 'accepted', points: 4 } : expected[m.kind]);
  const CODES: Record<Kind, string> = { honest: 'hon', 'honest-repost': 'rep', duplicate: 'dup', young: 'yng', silent: 'sil', 'passed-account': 'pas', early: 'ear' };
  const raidId = async () => (await t.platform.raids.latest(groupId))!.id;
  const botSays = (chat: number | { userId: number; botId: number }, pattern: RegExp) =>
    t.emulator.waitForMessage(chat, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? m.caption ?? ''), 30_000);
  async function downloadDocument(fileId: string): Promise<string> {
    const file = await api.getFile(fileId);
    return (await fetch(`${t.emulator.apiRoot}/file/bot${t.bot.token}/${file.file_path}`)).text();
  }

  beforeAll(async () => {
    t = await startTestPlatform({ env: { RAID_VALIDATION_GRACE_MS: '2000' } });
    api = new Api(t.bot.token, { apiRoot: t.emulator.apiRoot });
    admin = uid(t.emulator.createUser({ firstName: 'Ada', username: 'ada_admin' }).id);
    const project = t.x.createUser({ username: 'moonproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
    post = t.x.post(project, 'Staking is live. What do you think?');
    for (const [kind, count] of plan) {
      for (let i = 0; i < count; i++) {
        const name = `${CODES[kind]}${i}`;
        const tg = uid(t.emulator.createUser({ firstName: name, username: `${name}_tg` }).id);
        const createdAt = kind === 'young' ? new Date(Date.now() - 2 * DAY) : new Date('2021-03-01');
        const x = t.x.createUser({ username: `${name}_x`, createdAt, followers: 400 + i });
        members.push({ name, kind, tg, x });
      }
    }
    groupId = cid(t.emulator.createGroup({ title: 'Moon Validators', type: 'supergroup', ownerId: admin, memberIds: members.map((m) => m.tg) }).id);
    t.emulator.addBotToGroup(groupId, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId))?.active, 'the group to register');
    await t.emulator.startBot(admin, t.bot.id);
    for (const m of members) {
      await t.platform.users.touch({ id: m.tg, first_name: m.name, username: `${m.name}_tg` }, t.bot.id);
      expect(await t.platform.users.linkXAccount(m.tg, m.x, 'oauth')).toMatchObject({ ok: true });
    }
    // The early bird replied an hour before anyone launched anything.
    const early = members.find((m) => m.kind === 'early')!;
    t.x.reply(early.x, post.id, 'First! Been holding since day one, staking finally', { at: new Date(Date.now() - 3_600_000) });
  });

  afterAll(async () => {
    await t?.stop();
  });

  // Every case reads the same raid: launched, claimed, raided on X, ended, validated. Each case asks for
  // the stage it needs and the first to ask runs it (once: a second raid would change every count), so the
  // cases pass in any order and one alone.
  let ended: Promise<void> | undefined;
  let validated: Promise<void> | undefined;
  const raidEnded = () => (ended ??= runRaid());
  const raidValidated = () => (validated ??= raidEnded().then(async () => void (await botSays(groupId, /validated/))));

  async function runRaid(): Promise<void> {
    before = t.emulator.chat(groupId).permissions;
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=23 reposts=6 for=1h lock pool=1000 USDT`);
    const card = await botSays(groupId, /RAID LIVE/);
    for (const m of members) {
      const pressed = await t.emulator.pressButton(m.tg, groupId, card.message_id, `raid:claim:${await raidId()}`);
      expect(pressed.answer?.text).toMatch(/Claim recorded/);
    }
    // The passed-around account: its first holder claimed with it, then handed it to a friend who claims too.
    const holder = members.find((m) => m.kind === 'passed-account')!;
    const friendX = t.x.createUser({ username: 'holder_new_x', createdAt: new Date('2021-01-01'), followers: 300 });
    expect(await t.platform.users.linkXAccount(holder.tg, friendX, 'oauth')).toMatchObject({ ok: true });
    const friend = uid(t.emulator.createUser({ firstName: 'friend', username: 'friend_tg' }).id);
    t.emulator.addMember(groupId, friend);
    await t.platform.users.touch({ id: friend, first_name: 'friend' }, t.bot.id);
    expect(await t.platform.users.linkXAccount(friend, holder.x, 'oauth')).toMatchObject({ ok: true });

    // Engagement arrives over time.
    const engaged = members.filter((m) => !['silent', 'early', 'passed-account'].includes(m.kind));
    for (const [i, m] of engaged.entries()) {
      const text = m.kind === 'duplicate' ? 'Great project!!! Staking to the moon, LFG 🚀🚀🚀' : `Reply ${i} from ${m.name}: the staking dashboard looks ${['clean', 'fast', 'solid', 'simple'][i % 4]} and APR ${i + 3}% is fair`;
      t.x.reply(m.x, post.id, text);
      if (m.kind === 'honest-repost') t.x.repost(m.x, post.id);
      if (i === 4) await eventually(() => /Replies ▓▓░░░░░░░░ 5\/23|Replies ▓▓░░░░░░░░ 6\/23/.test(t.emulator.messages(groupId).find((x) => x.message_id === card.message_id)?.text ?? ''), 'the card to follow the first replies');
    }
    await botSays(groupId, /Raid over.*every target reached/s);
    await eventually(() => t.emulator.chat(groupId).permissions.can_send_messages !== false, 'the chat to unlock');
    expect(t.emulator.chat(groupId).permissions).toEqual(before);
  }

  it('launches, takes every claim, follows X and ends early when every target is reached', async () => {
    await raidEnded();
  });

  it('gives each member the verdict and points the script expects', async () => {
    await raidValidated();
    const id = await raidId();
    for (const m of members) {
      const outcome = await t.platform.validation!.outcomeFor(id, m.tg);
      const w = want(m);
      expect({ who: m.name, verdict: outcome?.verdict, points: outcome?.points }).toEqual({ who: m.name, verdict: w.verdict, points: w.points });
      if ('reason' in w && w.reason) expect(outcome!.reasons.join(' | ')).toMatch(w.reason);
    }
    const summary = await t.platform.validation!.result(id);
    expect(summary?.counts).toEqual({ accepted: 21, flagged: 3, rejected: 4 });
  });

  it('tells a member their verdict with reasons in private', async () => {
    await raidValidated();
    const silent = members.find((m) => m.kind === 'silent')!;
    await t.emulator.startBot(silent.tg, t.bot.id);
    t.emulator.sendMessage(silent.tg, t.bot.id, '/myraid');
    await botSays({ userId: silent.tg, botId: t.bot.id }, /rejected[\s\S]*no engagement/i);
  });

  it('sends admins a report, a leaderboard and an export that agree with the verdicts', async () => {
    await raidValidated();
    t.emulator.sendMessage(admin, groupId, '/raidreport');
    const report = await t.emulator.waitForMessage({ userId: admin, botId: t.bot.id }, (m) => /^raid-\d+\.csv$/.test(m.document?.file_name ?? ''), 30_000);
    const csv = await downloadDocument(report.document!.file_id);
    // Reasons may hold commas (quoted); the columns read here come before them or are the last three.
    const rows = csv.trim().split(/\r?\n/).map((line) => line.split(','));
    const header = rows[0]!;
    expect(header).toEqual(['telegram_user_id', 'x_username', 'reply', 'repost', 'like', 'quote', 'bookmark', 'rests_on', 'verdict', 'reasons', 'points', 'reward', 'decided_by']);
    for (const m of members) {
      const row = rows.find((r) => r[0] === String(m.tg));
      expect(row, m.name).toBeDefined();
      expect(row![header.indexOf('verdict')]).toBe(want(m).verdict);
      expect(row![header.indexOf('rests_on')]).toBe(m.kind === 'silent' || m.kind === 'early' || m.kind === 'passed-account' ? 'nothing' : 'verified');
    }
    // The pool (1000 USDT = 1,000,000,000 smallest units) went pro rata to the accepted, to the last unit.
    const rewards = members.map((m) => ({ m, reward: rows.find((r) => r[0] === String(m.tg))!.at(-2)! }));
    const paid = rewards.filter((r) => r.reward !== '').reduce((sum, r) => sum + BigInt(r.reward), 0n);
    expect(paid).toBe(1_000_000_000n);
    const share = (kind: Kind) => BigInt(rewards.find((r) => r.m.kind === kind)!.reward || '0');
    expect(share('honest-repost')).toBeGreaterThan(share('honest'));
    expect(share('silent')).toBe(0n);

    t.emulator.sendMessage(admin, groupId, '/leaderboard all');
    const board = await botSays(groupId, /Leaderboard|leaderboard/);
    const reposter = members.find((m) => m.kind === 'honest-repost')!;
    expect(board.text).toContain(reposter.name);
    expect(board.text).toMatch(/9/);
    const silent = members.find((m) => m.kind === 'silent')!;
    expect(board.text).not.toContain(silent.name);

    t.emulator.sendMessage(admin, groupId, '/export all');
    const exported = await t.emulator.waitForMessage({ userId: admin, botId: t.bot.id }, (m) => /leaderboard/i.test(m.document?.file_name ?? ''), 30_000);
    const lines = (await downloadDocument(exported.document!.file_id)).trim().split(/\r?\n/);
    expect(lines[0]).toBe('rank,telegram_user_id,username,points');
    const points = new Map(lines.slice(1).map((l) => l.split(',')).map((c) => [c[1], Number(c[3])]));
    for (const m of members.filter((x) => want(x).verdict === 'accepted')) expect(points.get(String(m.tg)), m.name).toBe(want(m).points);
    for (const m of members.filter((x) => want(x).verdict !== 'accepted')) expect(points.has(String(m.tg)), m.name).toBe(false);
  });

  it('keeps the group’s blacklist, changed by its admins only (groups keeps it since the split)', async () => {
    const member = members[0]!;
    t.emulator.sendMessage(member.tg, groupId, '/blacklist add @nobody_x');
    await botSays(groupId, /only admins of this group can do that/i);
    t.emulator.sendMessage(admin, groupId, '/blacklist add @Spam_Bot_X');
    await botSays(groupId, /X account @spam_bot_x is blacklisted/);
    expect((await t.platform.groups.blacklist(groupId)).xAccounts).toEqual(['spam_bot_x']);
    t.emulator.sendMessage(admin, groupId, '/blacklist remove spam_bot_x');
    await botSays(groupId, /X account @spam_bot_x is no longer blacklisted/);
    expect(await t.platform.groups.blacklist(groupId)).toEqual({ telegramUserIds: [], xAccounts: [] });
  });
});
