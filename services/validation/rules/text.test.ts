import { describe, expect, it } from 'vitest';
import { claimant, context, minutes, post, runRule, sets } from '../fixtures.test-support.js';
import { nearDuplicateRule, replyLengthRule, visibleLength } from './text.js';
import { uid } from '../../platform/telegram-ids.test-support.js';

describe('visibleLength', () => {
  it('leaves out the leading @mentions and links, counts an emoji as one', () => {
    expect(visibleLength('@warhorn @bob gm https://t.co/x')).toBe(2);
    expect(visibleLength('@warhorn 👍🏽❤️‍🔥 ok')).toBe(5);
    expect(visibleLength('hi @warhorn')).toBe(11);
  });
});

describe('replyLengthRule', () => {
  it('flags when even the longest raid-time reply is too short', () => {
    const ctx = context({}, { minReplyLength: 10 });
    const s = sets({ replies: { posts: [post('2001', 'x1', '@warhorn gm', minutes(2)), post('2002', 'x2', '@warhorn gm', minutes(2)), post('2003', 'x2', 'this one is long enough', minutes(3))] } });
    const out = runRule(replyLengthRule, s, [claimant('1'), claimant('2'), claimant('3')], ctx);
    expect(out.get(uid(1))).toEqual([{ rule: 'reply_length', severity: 'flag', reason: 'reply is 2 characters long (minimum 10)' }]);
    expect(out.get(uid(2))).toEqual([]);
    expect(out.get(uid(3))).toEqual([]); // no reply at all is another rule's business
  });
});

describe('nearDuplicateRule', () => {
  const text = 'Warhorn is the best raid bot on Telegram, period. Buy now!';

  it('keeps the earliest author\'s claim and flags every later copy, naming the original and the ring', () => {
    const s = sets({
      replies: {
        posts: [
          post('2003', 'x3', `${text} 🚀`, minutes(5)),
          post('2001', 'x1', text, minutes(1)),
          post('2002', 'x2', `@friend ${text.toLowerCase()}`, minutes(3)),
          post('2004', 'x4', 'I wrote my own thoughts about the roadmap', minutes(4)),
        ],
      },
    });
    const out = runRule(nearDuplicateRule, s, ['1', '2', '3', '4'].map((t) => claimant(t)));
    expect(out.get(uid(1))).toEqual([]);
    expect(out.get(uid(2))).toEqual([{
      rule: 'near_duplicate',
      severity: 'flag',
      reason: "https://x.com/i/status/2002 is a near-duplicate (100% similar) of @user1's earlier https://x.com/i/status/2001; copy cluster: @user1, @user2, @user3",
    }]);
    expect(out.get(uid(3))).toHaveLength(1);
    expect(out.get(uid(4))).toEqual([]);
  });

  it('finds the original among texts of accounts that did not claim, and before the raid', () => {
    const original = post('1990', 'x9', text, minutes(-20));
    const copies = [post('2002', 'x2', text, minutes(3)), post('2003', 'x3', `${text}!!`, minutes(4))];
    const s = sets({ replies: { posts: [original, ...copies] } });
    const ctx = context({ texts: [{ ...original, authorUsername: 'honest_fan' }, ...copies] });
    const out = runRule(nearDuplicateRule, s, [claimant('2'), claimant('3')], ctx);
    expect(out.get(uid(2))?.[0]?.reason).toBe("https://x.com/i/status/2002 is a near-duplicate (100% similar) of @honest_fan's earlier https://x.com/i/status/1990; copy cluster: @honest_fan, @user2, @user3");
    expect(out.get(uid(3))).toHaveLength(1);
  });

  it('ignores a member repeating their own text, and never flags a text from before the raid', () => {
    const posts = [post('2001', 'x1', text, minutes(1)), post('2002', 'x1', text, minutes(2)), post('2003', 'x2', text, minutes(-5))];
    const s = sets({ replies: { posts } });
    const out = runRule(nearDuplicateRule, s, [claimant('1'), claimant('2')], context({ texts: posts }));
    // x2 wrote it first (before the raid): x1's raid-time copy is flagged, x2's earlier text is not raid work.
    expect(out.get(uid(1))?.[0]?.reason).toMatch(/^https:\/\/x\.com\/i\/status\/2001 is a near-duplicate .* earlier https:\/\/x\.com\/i\/status\/2003/);
    expect(out.get(uid(2))).toEqual([]);
    const alone = runRule(nearDuplicateRule, sets({ replies: { posts: posts.slice(0, 2) } }), [claimant('1')]);
    expect(alone.get(uid(1))).toEqual([]);
  });

  it('counts a quote copying a reply, and honours the group threshold', () => {
    const s = sets({
      replies: { posts: [post('2001', 'x1', 'the staking dashboard shipped today and it works', minutes(1))] },
      quotes: { posts: [post('3001', 'x2', 'the staking dashboard shipped yesterday and it works', minutes(2))] },
    });
    expect(runRule(nearDuplicateRule, s, [claimant('1'), claimant('2')]).get(uid(2))).toEqual([]);
    const loose = context({}, { nearDuplicateThreshold: 0.6 });
    expect(runRule(nearDuplicateRule, s, [claimant('1'), claimant('2')], loose).get(uid(2))?.[0]?.reason).toMatch(/similar\) of @user1's earlier https:\/\/x\.com\/i\/status\/2001/);
  });

  it('does not take one post presented by two claimants (a shared account) for a copy', () => {
    const s = sets({ replies: { posts: [post('2001', 'x1', text, minutes(1))] } });
    const out = runRule(nearDuplicateRule, s, [claimant('1'), claimant('2', undefined, 'x1')]);
    expect(out.get(uid(1))).toEqual([]);
    expect(out.get(uid(2))).toEqual([]);
  });

  it('lists at most 10 names in a big ring', () => {
    const posts = Array.from({ length: 15 }, (_, i) => post(String(2000 + i), `x${i}`, text, minutes(1 + i)));
    const out = runRule(nearDuplicateRule, sets({ replies: { posts } }), posts.map((_, i) => claimant(String(i + 1), minutes(2), `x${i}`)));
    expect(out.get(uid(5))?.[0]?.reason).toMatch(/and 5 more$/);
  });
});
