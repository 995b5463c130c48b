import { describe, expect, it } from 'vitest';
import type { RaidRecord } from '../raids/index.js';
import { groupMessages } from './group-messages.js';
import type { MemberName } from './messages.js';
import { validationMessages } from '../../bots/features/raid-results/texts.js';
import type { ClaimantOutcome, RaidValidationResult } from './validate-raid.js';
import type { ActionVerdict } from './types.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

// A half of a surrogate pair on its own: what JSON.stringify writes as "\ud83d" and Postgres refuses in jsonb.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const rendered = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

const raid: RaidRecord = {
  id: '42', chatId: cid(-100), botId: 7, postId: '1000', postUrl: 'https://x.com/i/status/1000', conversationId: '1000', authorId: null,
  authorUsername: null, postText: '', launchedBy: uid(1), targets: { replies: 10, reposts: 10, likes: 0, quotes: 0, bookmarks: 0 },
  durationMinutes: 30, lockRequested: false, lockApplied: false, lockNote: null, status: 'ended', startedAt: new Date('2026-03-01T12:00:00Z'),
  endsAt: new Date('2026-03-01T12:30:00Z'), endedAt: null, endReason: 'time', validateAfter: null, rewardPool: null, cardMessageId: null,
  pinned: false, progress: { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 },
};
const none: ActionVerdict = { status: 'not_found', requested: false, evidence: [], preRaid: [], note: '' };

function outcome(tg: number, verdict: ClaimantOutcome['verdict'], reasons: string[], points = 0): ClaimantOutcome {
  return {
    claimant: { telegramUserId: uid(tg), xUserId: `x${tg}`, xUsername: `farm${tg}`, claimedAt: new Date('2026-03-01T12:01:00Z') },
    actions: { reply: none, repost: none, like: none, quote: none, bookmark: none },
    verdict, flags: [], reasons, points, computedPoints: 9, reward: null,
  };
}

function result(outcomes: ClaimantOutcome[]): RaidValidationResult {
  const counts = { accepted: 0, flagged: 0, rejected: 0 };
  for (const o of outcomes) counts[o.verdict]++;
  return { outcomes, counts, selfReportOnly: { accepted: 0, flagged: 0, rejected: 0 }, reward: null };
}

const users = (profiles: Map<number, MemberName>) => ({
  users: { profiles: async (ids: TelegramUserId[]) => new Map(ids.flatMap((id) => (profiles.has(id) ? [[id, profiles.get(id)!] as const] : []))), xAccountOwners: async () => new Map() },
  // The bot's own texts: what this test checks is what the group is sent.
  messages: () => validationMessages,
});
const hidden = { likes: false, reposts: false, replies: false };
const ctx = (h = hidden) => ({ hidden: h, timelines: { read: 0, wanted: 0, verified: 0 }, points: { selfReport: 1 }, selfReportOnly: 'flag' as const, topN: 10, pool: 'none' as const, reviewHours: 24 });
const textOf = (m: { payload: unknown }) => (m.payload as { text: string }).text;
const buttonsOf = (m: { payload: unknown }) =>
  ((m.payload as { reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } }).reply_markup?.inline_keyboard ?? []).flat();

// What a farm of near-duplicate, young, low-follower accounts collects: ~500 characters of reasons each.
const farmReasons = (tg: number) => [
  `X account @farm_account_${tg} is 2 days old (minimum 30)`,
  `X account @farm_account_${tg} has 0 followers (minimum 10)`,
  `reply is near-identical to @farm_account_1's earlier reply, as are those of ${Array.from({ length: 10 }, (_, i) => `@farm_account_${i + 2}`).join(', ')} and 40 more`,
  `reply is near-identical to @farm_account_1's earlier quote, as are those of ${Array.from({ length: 10 }, (_, i) => `@farm_account_${i + 12}`).join(', ')} and 40 more`,
  `${tg % 7} claims in the hour up to this one (limit 20) — ${'the same wording again and again; '.repeat(4)}`,
];

describe('group messages after validation', () => {
  it('never cuts an emoji in half in a button label (the outbox row must be valid jsonb)', async () => {
    const profiles = new Map([[501, { username: null, firstName: 'Alex | Crypto Trader 🚀🔥' }]]);
    const messages = await groupMessages(users(profiles), raid, result([outcome(501, 'flagged', ['X account is 2 days old'])]), ctx());
    const json = JSON.stringify(messages);
    expect(json).not.toMatch(/\\ud[89ab][0-9a-f]{2}/i);
    for (const m of messages) {
      expect(textOf(m)).not.toMatch(LONE_SURROGATE);
      for (const b of buttonsOf(m)) expect(b.text).not.toMatch(LONE_SURROGATE);
    }
    const accept = buttonsOf(messages[1]!).find((b) => b.callback_data === 'rv:42:501:a')!;
    expect(accept.text.startsWith('✅ Accept Alex | Crypto Trader')).toBe(true);
  });

  it('keeps every review message under Telegram’s 4,096 characters and every flagged member on a button', async () => {
    const flagged = Array.from({ length: 50 }, (_, i) => outcome(1000 + i, 'flagged', farmReasons(1000 + i)));
    const profiles = new Map(flagged.map((o, i) => [Number(o.claimant.telegramUserId), { username: null, firstName: `${'Ｆａｒｍ 🚜 '.repeat(8)}${i}` }]));
    const messages = await groupMessages(users(profiles), raid, result(flagged), ctx());
    const reviews = messages.slice(1);
    expect(reviews.length).toBeGreaterThan(1);
    expect(reviews.length).toBeLessThanOrEqual(10);
    for (const m of messages) expect(rendered(textOf(m)).length).toBeLessThanOrEqual(4096);
    const accepts = reviews.flatMap((m) => buttonsOf(m).filter((b) => b.callback_data.endsWith(':a')).map((b) => b.callback_data));
    const rejects = reviews.flatMap((m) => buttonsOf(m).filter((b) => b.callback_data.endsWith(':r')).map((b) => b.callback_data));
    expect(accepts).toEqual(flagged.map((o) => `rv:42:${o.claimant.telegramUserId}:a`));
    expect(rejects).toEqual(flagged.map((o) => `rv:42:${o.claimant.telegramUserId}:r`));
    // Each member is listed in the same message as their buttons, reasons shortened with an ellipsis.
    for (const m of reviews) {
      for (const b of buttonsOf(m).filter((x) => x.callback_data.endsWith(':a'))) {
        const tg = b.callback_data.split(':')[2]!;
        expect(textOf(m)).toContain(`(X @farm${tg})`);
      }
    }
    expect(reviews.map(textOf).join('\n')).toContain('…');
    expect(new Set(reviews.map((m) => m.dedupeKey)).size).toBe(reviews.length);
  });

  it('says how many flagged members are left for /raidreport when a wave outgrows ten messages', async () => {
    const flagged = Array.from({ length: 150 }, (_, i) => outcome(2000 + i, 'flagged', farmReasons(2000 + i)));
    const messages = await groupMessages(users(new Map()), raid, result(flagged), ctx());
    const reviews = messages.slice(1);
    expect(reviews).toHaveLength(10);
    const listed = reviews.reduce((n, m) => n + buttonsOf(m).length / 2, 0);
    expect(listed).toBeGreaterThanOrEqual(60);
    expect(textOf(reviews[9]!)).toContain(`(${150 - listed} more flagged members are not listed here; /raidreport has them all.)`);
    for (const m of messages) expect(rendered(textOf(m)).length).toBeLessThanOrEqual(4096);
  });

  it('keeps the results message under 4,096 characters with long names and a long split rule', async () => {
    const top = Array.from({ length: 12 }, (_, i) => outcome(3000 + i, 'accepted', [], 100 - i));
    const profiles = new Map(top.map((o) => [Number(o.claimant.telegramUserId), { username: null, firstName: '𝔏𝔬𝔫𝔤 👨‍👩‍👧‍👦 name '.repeat(40) }]));
    const r = { ...result(top), reward: { pool: { amount: 1_500_000n, token: 'USDT' }, split: 'pro_rata' as const, rule: 'pro_rata: '.repeat(500), shares: [], remainder: 0n, undistributed: 0n, qualifying: 12, totalPoints: 1134, cutoffPoints: null } };
    const messages = await groupMessages(users(profiles), raid, r, ctx({ likes: true, reposts: true, replies: true }));
    const text = textOf(messages[0]!);
    expect(rendered(text).length).toBeLessThanOrEqual(4096);
    expect(text).not.toMatch(LONE_SURROGATE);
    expect(text).toContain('1.5 USDT');
  });
});

describe('what the results say about claims X cannot verify, and about the pool', () => {
  it('counts the claims that rested on self-report alone and what became of them, and what was read instead', async () => {
    const accepted = [outcome(1, 'accepted', [], 9), outcome(2, 'accepted', [], 5)].map((o, i) => ({ ...o, reward: [900_000_000n, 500_000_000n][i]! }));
    const r = {
      ...result([...accepted, outcome(3, 'flagged', ['self-report alone']), outcome(4, 'rejected', ['no engagement found'])]),
      selfReportOnly: { accepted: 0, flagged: 25, rejected: 0 },
      reward: { pool: { amount: 1_400_000_000n, token: 'USDT' }, split: 'pro_rata' as const, rule: 'pro_rata: …', shares: [], remainder: 0n, undistributed: 0n, qualifying: 2, totalPoints: 14, cutoffPoints: null },
    };
    const bookmarkRaid = { ...raid, targets: { ...raid.targets, likes: 5, bookmarks: 5 } };
    const c = { ...ctx({ likes: true, reposts: true, replies: false }), timelines: { read: 60, wanted: 80, verified: 50 } };
    const text = textOf((await groupMessages(users(new Map()), bookmarkRaid, r, c))[0]!);
    expect(text).toContain('1. member 1 — 9 points — 900 USDT');
    expect(text).toContain('🎁 Reward pool <b>1400 USDT</b>: shared by points. The 2 members accepted earned 14 points together');
    expect(text).toContain('(9 of 14 points → 900 USDT)');
    expect(text).toContain('ℹ️ 25 claims rested only on actions X cannot show: 25 flagged for an admin (none is accepted on the member’s word alone).');
    expect(text).toContain('ℹ️ X keeps likes hidden: a like earns 1 only next to an action X verified.');
    expect(text).toContain('ℹ️ X lists only 100 reposters. I read the timelines of 60 members it left out and found 50 reposts. 20 more members left unread (60 timeline reads a raid at most).');
    expect(text).toContain('ℹ️ X never shows who bookmarked: a bookmark earns 1 only next to an action X verified.');
    expect(text).not.toContain('pro_rata');
  });
});
