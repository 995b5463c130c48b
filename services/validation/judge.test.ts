import { describe, expect, it } from 'vitest';
import { indexEngagement, judgeClaimant, judgeClaimants } from './judge.js';
import { T0, claimant, minutes, post, raid, sets } from './fixtures.test-support.js';
import { uid } from '../platform/telegram-ids.test-support.js';

describe('judgeClaimants', () => {
  it('verifies each action X shows during the raid, with evidence', () => {
    const r = raid();
    const s = sets({
      replies: { posts: [post('2001', 'x1', 'great project, shipping fast', minutes(3))] },
      quotes: { posts: [post('3001', 'x1', 'look at this', minutes(4))] },
      reposters: { userIds: ['x1'] },
      likers: { userIds: ['x1'] },
    });
    const [j] = judgeClaimants(r, s, [claimant('1')]);
    expect(j?.actions.reply).toMatchObject({ status: 'verified', requested: true, evidence: [{ source: 'replies', postId: '2001', at: minutes(3) }] });
    expect(j?.actions.quote).toMatchObject({ status: 'verified', evidence: [{ source: 'quotes', postId: '3001' }] });
    expect(j?.actions.repost).toMatchObject({ status: 'verified', evidence: [{ source: 'retweeted_by' }] });
    expect(j?.actions.like).toMatchObject({ status: 'verified', evidence: [{ source: 'liking_users' }] });
  });

  it('counts replies in words a member reads: 1 reply, 2 replies', () => {
    const replies = { posts: [post('2001', 'x1', 'great project, shipping fast', minutes(3)), post('2002', 'x1', 'and the docs are good too', minutes(5))] };
    const [two] = judgeClaimants(raid(), sets({ replies }), [claimant('1')]);
    expect(two?.actions.reply.note).toBe('2 replies during the raid');
    const [one] = judgeClaimants(raid(), sets({ replies: { posts: [replies.posts[0]!] } }), [claimant('1')]);
    expect(one?.actions.reply.note).toBe('1 reply during the raid');
  });

  it('says not_found when the complete list lacks the member', () => {
    const [j] = judgeClaimants(raid(), sets({ reposters: { userIds: ['x9'] } }), [claimant('1')]);
    expect(j?.actions.reply.status).toBe('not_found');
    expect(j?.actions.repost.status).toBe('not_found');
    expect(j?.actions.repost.note).toMatch(/full list/);
  });

  it('labels an absent repost unverifiable when retweeted_by returned its cap of 100', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `u${i}`);
    const [j] = judgeClaimants(raid(), sets({ reposters: { userIds: hundred } }), [claimant('1')]);
    expect(j?.actions.repost.status).toBe('unverifiable');
    expect(j?.actions.repost.note).toMatch(/capped/);
  });

  it("verifies a repost beyond X's 100 on the member's own timeline, dated, and rules it out when the timeline was read in full", () => {
    const hundred = { userIds: Array.from({ length: 100 }, (_, i) => `u${i}`) };
    const s = sets({
      reposters: hundred,
      repostTimelines: [
        { userId: 'x1', reposts: [{ postId: '5001', at: minutes(4) }], complete: true },
        { userId: 'x2', reposts: [], complete: true },
        { userId: 'x3', reposts: [], complete: false },
        { userId: 'x4', reposts: [{ postId: '5004', at: minutes(-30) }], complete: true },
      ],
    });
    const [a, b, c, d, e] = judgeClaimants(raid(), s, ['1', '2', '3', '4', '5'].map((t) => claimant(t)));
    expect(a?.actions.repost).toMatchObject({ status: 'verified', evidence: [{ source: 'timeline', postId: '5001', at: minutes(4) }] });
    expect(b?.actions.repost).toMatchObject({ status: 'not_found', note: expect.stringMatching(/timeline was read: it shows no repost/) });
    expect(c?.actions.repost).toMatchObject({ status: 'unverifiable', note: expect.stringMatching(/could not be read/) });
    // A repost made before this raid started (for an earlier raid of the same post) does not count for this one.
    expect(d?.actions.repost).toMatchObject({ status: 'not_found', evidence: [], preRaid: [{ source: 'timeline', postId: '5004' }] });
    expect(e?.actions.repost).toMatchObject({ status: 'unverifiable', note: expect.stringMatching(/capped/) });
  });

  it('labels a bookmark unverifiable whatever X says: X never shows who bookmarked', () => {
    const [j] = judgeClaimants(raid({ bookmarks: 10 }), sets({ reposters: { userIds: ['x1'] } }), [claimant('1')]);
    expect(j?.actions.bookmark).toMatchObject({ status: 'unverifiable', requested: true, evidence: [], note: expect.stringMatching(/never shows who bookmarked/) });
    const [k] = judgeClaimants(raid(), sets(), [claimant('1')]);
    expect(k?.actions.bookmark.requested).toBe(false);
  });

  it('labels likes unverifiable when X keeps them private, and never verified', () => {
    const [j] = judgeClaimants(raid(), sets({ likers: { userIds: [], private: true } }), [claimant('1')]);
    expect(j?.actions.like.status).toBe('unverifiable');
    expect(j?.actions.like.evidence).toEqual([]);
  });

  it('labels replies unverifiable when the search was cut short', () => {
    const [j] = judgeClaimants(raid(), sets({ replies: { posts: [], capped: true } }), [claimant('1')]);
    expect(j?.actions.reply.status).toBe('unverifiable');
  });

  it('does not count engagement from before the raid, but keeps it as evidence', () => {
    const s = sets({ replies: { posts: [post('2001', 'x1', 'early bird', minutes(-60)), post('2002', 'x2', 'early', minutes(-1)), post('2003', 'x2', 'on time', minutes(5))] } });
    const [a, b] = judgeClaimants(raid(), s, [claimant('1'), claimant('2')]);
    expect(a?.actions.reply).toMatchObject({ status: 'not_found', evidence: [], preRaid: [{ postId: '2001' }] });
    expect(a?.actions.reply.note).toMatch(/before the raid/);
    expect(b?.actions.reply).toMatchObject({ status: 'verified', evidence: [{ postId: '2003' }], preRaid: [{ postId: '2002' }] });
  });

  it('counts engagement at the exact start instant', () => {
    const [j] = judgeClaimants(raid(), sets({ quotes: { posts: [post('3001', 'x1', 'q', T0)] } }), [claimant('1')]);
    expect(j?.actions.quote.status).toBe('verified');
  });

  it('marks which actions the raid asked for', () => {
    const [j] = judgeClaimants(raid({ likes: 0, quotes: 0 }), sets(), [claimant('1')]);
    expect(j?.actions.reply.requested).toBe(true);
    expect(j?.actions.like.requested).toBe(false);
    expect(j?.actions.quote.requested).toBe(false);
  });

  it('treats every action as requested when the raid asks only for bookmarks', () => {
    const [j] = judgeClaimants(raid({ replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 50 }), sets(), [claimant('1')]);
    expect(Object.values(j!.actions).every((a) => a.requested)).toBe(true);
  });

  it('ignores the raid post itself and duplicate posts from overlapping pages', () => {
    const dup = post('2001', 'x1', 'hello', minutes(2));
    const s = sets({ replies: { posts: [post('1000', 'x1', 'the raid post', minutes(1)), dup, dup] } });
    const [j] = judgeClaimants(raid(), s, [claimant('1')]);
    expect(j?.actions.reply.evidence.map((e) => e.postId)).toEqual(['2001']);
  });

  it('keeps one judgement per member (earliest claim), sorted by telegram id', () => {
    const out = judgeClaimants(raid(), sets(), [claimant('20', minutes(5)), claimant('3'), claimant('20', minutes(1))]);
    expect(out.map((j) => j.claimant.telegramUserId)).toEqual([uid(3), uid(20)]);
    expect(out[1]?.claimant.claimedAt).toEqual(minutes(1));
  });

  it('lists evidence oldest first whatever the page order', () => {
    const s = sets({ replies: { posts: [post('9', 'x1', 'b', minutes(9)), post('5', 'x1', 'a', minutes(5))] } });
    const j = judgeClaimant(indexEngagement(raid(), s), raid(), claimant('1'));
    expect(j.actions.reply.evidence.map((e) => e.postId)).toEqual(['5', '9']);
  });

  it('judges 10,000 claimants against 5,000 replies by index, not by scanning', () => {
    const replies = Array.from({ length: 5000 }, (_, i) => post(String(10_000 + i), `x${i}`, `reply number ${i}`, minutes(3)));
    const claimants = Array.from({ length: 10_000 }, (_, i) => claimant(String(i + 1), minutes(2), `x${i}`));
    const out = judgeClaimants(raid(), sets({ replies: { posts: replies } }), claimants);
    expect(out.filter((j) => j.actions.reply.status === 'verified')).toHaveLength(5000);
  });
});
