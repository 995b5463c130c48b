import { describe, expect, it } from 'vitest';
import { Api, Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Raids } from '../../../services/raids/index.js';
import type { StoredOutcome, Validation } from '../../../services/validation/index.js';
import type { OutgoingText, WarhornContext } from '../../context.js';
import { raidResultsFeature, type RaidResultsFeatureDeps } from './index.js';
import { APPEAL_IN_PRIVATE, canAppeal, myRaidText } from './texts.js';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';

const verdict = (o: Partial<StoredOutcome>): StoredOutcome => ({
  raidId: '42',
  chatId: cid(-1),
  claimant: { telegramUserId: uid(7), xUserId: '99', xUsername: 'a<b>', claimedAt: new Date('2026-03-01T12:00:00Z') },
  actions: {
    reply: { status: 'not_found', requested: true, evidence: [], preRaid: [], note: 'no reply by this X account in the full list X returned' },
    repost: { status: 'unverifiable', requested: true, evidence: [], preRaid: [], note: 'X showed only part of the reposts' },
    like: { status: 'not_found', requested: false, evidence: [], preRaid: [], note: 'not asked' },
    quote: { status: 'not_found', requested: false, evidence: [], preRaid: [], note: 'not asked' },
    bookmark: { status: 'unverifiable', requested: false, evidence: [], preRaid: [], note: 'not asked' },
  },
  verdict: 'rejected',
  flags: [{ rule: 'blacklist', severity: 'reject', reason: 'X account @a<b> is blacklisted in this group' }],
  reasons: ['X account @a<b> is blacklisted in this group'],
  points: 0,
  computedPoints: 1,
  reward: null,
  decidedBy: null,
  decidedAt: null,
  appealText: null,
  appealedAt: null,
  appealState: 'none',
  validatedAt: new Date('2026-03-01T13:00:00Z'),
  ...o,
});

describe('/myraid text', () => {
  it('shows the verdict, each requested action and the reasons, escaped', () => {
    const text = myRaidText(verdict({}));
    expect(text).toContain('❌ rejected');
    expect(text).toContain('• reply: ✖️ not found');
    expect(text).toContain('• repost: ❔ unverifiable');
    expect(text).not.toContain('• like:');
    expect(text).toContain('– X account @a&lt;b&gt; is blacklisted in this group');
    expect(text).not.toContain('<b>is');
    expect(text).toContain('appeal once');
  });

  it('offers an appeal only for a rejection not yet appealed', () => {
    expect(canAppeal(verdict({}))).toBe(true);
    expect(canAppeal(verdict({ appealState: 'pending' }))).toBe(false);
    expect(canAppeal(verdict({ verdict: 'flagged' }))).toBe(false);
    expect(myRaidText(verdict({ verdict: 'flagged', reasons: [], flags: [] }))).toContain('0 now, 1 if an admin accepts');
    expect(myRaidText(verdict({ appealState: 'upheld', decidedBy: uid(5) }))).toContain('appeal was refused');
  });
});

describe('/myraid on what X cannot show', () => {
  it('says a claim rested on self-report alone, what became of it, and of the raid’s others', () => {
    const waiting = verdict({ verdict: 'flagged', reasons: ['self-report alone: …'], flags: [] });
    const counts = { total: 25, flagged: 20, acceptedByAdmin: 1, rejected: 4 };
    const text = myRaidText(waiting, null, counts);
    expect(text).toContain('Your claim rests only on actions X cannot show, so it is not accepted on your word alone: an admin decides.');
    expect(text).toContain('In this raid 25 claims rested only on actions X cannot show: 1 accepted by an admin, 20 waiting for an admin, 4 rejected.');
    expect(myRaidText(verdict({ verdict: 'accepted', decidedBy: uid(9), reasons: [], flags: [] }))).toContain('not accepted on your word alone: an admin accepted it.');
    expect(myRaidText(verdict({}), null, { total: 0, flagged: 0, acceptedByAdmin: 0, rejected: 0 })).not.toContain('In this raid');
  });

  it('labels a bookmark self-report and links the posts that show an action, not their ids', () => {
    const text = myRaidText(verdict({
      verdict: 'accepted', points: 5, reasons: [], flags: [],
      actions: {
        ...verdict({}).actions,
        reply: { status: 'verified', requested: true, evidence: [{ source: 'replies', postId: '1850000000000000001', at: new Date() }], preRaid: [], note: '1 reply during the raid' },
        bookmark: { status: 'unverifiable', requested: true, evidence: [], preRaid: [], note: 'X never shows who bookmarked a post, so a bookmark rests on the member\'s word' },
      },
    }));
    expect(text).toContain('• reply: ✅ verified — 1 reply during the raid (<a href="https://x.com/i/status/1850000000000000001">see it</a>)');
    expect(text).toContain('• bookmark: ❔ unverifiable (self-report) — X never shows who bookmarked a post');
    expect(text).not.toContain('rests only on actions X cannot show');
  });
});

describe('/myraid reward share', () => {
  it('shows the share in whole tokens of the raid’s token', () => {
    const text = myRaidText(verdict({ verdict: 'accepted', points: 9, reward: 1_500_000n, reasons: [], flags: [] }), 'USDT');
    expect(text).toContain('Reward share: <b>1.5 USDT</b>');
    expect(text).not.toContain('1500000');
  });
});

// The feature's handlers, driven with a real grammy Context for one update; ctx.send and the services are stand-ins.
async function run(feature: ReturnType<typeof raidResultsFeature>, chat: { id: number; type: 'private' | 'supergroup' }, text: string) {
  const command = text.split(' ')[0]!;
  const update = {
    update_id: 1,
    message: {
      message_id: 77, date: 0, text,
      chat: chat.type === 'private' ? { id: chat.id, type: 'private' as const, first_name: 'M' } : { id: chat.id, type: 'supergroup' as const, title: 'G' },
      from: { id: 5, is_bot: false, first_name: 'M' },
      entities: [{ type: 'bot_command' as const, offset: 0, length: command.length }],
    },
  };
  const ctx = new Context(update, new Api('0:test'), { id: 1, is_bot: true, first_name: 'Warhorn', username: 'warhorn_bot' } as UserFromGetMe);
  const sent: OutgoingText[] = [];
  Object.assign(ctx, {
    send: async (m: OutgoingText) => (sent.push(m), 'id'),
  });
  await feature.middleware()(ctx as unknown as WarhornContext, async () => {});
  return { sent };
}

describe('raid-results feature', () => {
  const deps = (validation: Validation, raids: RaidResultsFeatureDeps['raids'] = { get: async () => null }): RaidResultsFeatureDeps =>
    ({ validation, raids, groups: { isAdmin: async () => false } }) as unknown as RaidResultsFeatureDeps;
  const validation = (o: StoredOutcome | null) =>
    ({
      latestOutcomeOf: async () => o,
      selfReportOnly: async () => ({ total: 0, flagged: 0, acceptedByAdmin: 0, rejected: 0 }),
      appeal: async () => ({ ok: false, reason: 'not_found' }),
    }) as unknown as Validation;

  it('answers /appeal in a group: send it to me in private, as a reply', async () => {
    const { sent } = await run(raidResultsFeature(deps(validation(null))), { id: -100, type: 'supergroup' }, '/appeal I did raid');
    expect(sent).toEqual([{ text: APPEAL_IN_PRIVATE, replyTo: 77 }]);
    expect(APPEAL_IN_PRIVATE).toMatch(/\/appeal to me in (a )?private/);
  });

  it('looks up the raid’s token for /myraid', async () => {
    const o = verdict({ verdict: 'accepted', points: 9, reward: 2_000_000_000_000_000_000n, reasons: [], flags: [] });
    const raids = { get: async (id: string) => (id === '42' ? ({ rewardPool: { amount: 10n ** 21n, token: 'ETH' } } as Awaited<ReturnType<Raids['get']>>) : null) };
    const { sent } = await run(raidResultsFeature(deps(validation(o), raids)), { id: 5, type: 'private' }, '/myraid');
    expect(sent[0]!.text).toContain('Reward share: <b>2 ETH</b>');
  });
});
