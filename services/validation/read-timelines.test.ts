import { describe, expect, it } from 'vitest';
import { claimant, minutes, post, raid, sets } from './fixtures.test-support.js';
import { judgeClaimants } from './judge.js';
import { planTimelineReads } from './read-timelines.js';
import { uid } from '../platform/telegram-ids.test-support.js';

const capped = { userIds: Array.from({ length: 100 }, (_, i) => `u${i}`) };
const none = () => false;

describe('planTimelineReads', () => {
  it("reads only claims that would rest on self-report alone, never one X already shows or one rejected anyway", () => {
    const s = sets({ reposters: { userIds: [...capped.userIds.slice(0, 99), 'x2'] }, replies: { posts: [post('2001', 'x1', 'a verified reply here', minutes(2))] } });
    const js = judgeClaimants(raid(), s, ['1', '2', '3', '4'].map((t) => claimant(t)));
    const plan = planTimelineReads(js, '42', 100, (j) => j.claimant.telegramUserId === uid(4));
    // 1 replied (verified), 2 is among the 100 listed, 4 is blacklisted: only 3 is worth an X request.
    expect(plan).toEqual({ read: ['x3'], wanted: 1 });
    expect(planTimelineReads(judgeClaimants(raid({ reposts: 0 }), sets({ reposters: capped }), [claimant('1')]), '42', 100, none).wanted).toBe(0);
  });

  it('keeps to the budget, reads a shared account once, and puts members the group accepted before first', () => {
    const claimants = [...Array.from({ length: 50 }, (_, i) => claimant(String(i + 1))), claimant('99', minutes(2), 'x1')];
    const js = judgeClaimants(raid(), sets({ reposters: capped }), claimants);
    const plan = planTimelineReads(js, '42', 10, none);
    expect(plan.read).toHaveLength(10);
    expect(plan.wanted).toBe(50);
    expect(planTimelineReads(js, '42', 10, none)).toEqual(plan);
    // The order does not follow the claim order, so pressing first does not take the budget.
    expect(plan.read).not.toEqual(Array.from({ length: 10 }, (_, i) => `x${i + 1}`));
    const trusted = planTimelineReads(js, '42', 3, none, (j) => [uid(7), uid(30)].includes(j.claimant.telegramUserId));
    expect(trusted.read.slice(0, 2).sort()).toEqual(['x30', 'x7']);
  });
});
