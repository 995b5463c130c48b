import { describe, expect, it } from 'vitest';
import { cardKeyboard, launchRefusal, lockNoteText, progressBar, renderCard, timeLeft } from './texts.js';

const raid = {
  id: '42',
  postId: '1790000000000000001',
  postUrl: 'https://x.com/moon/status/1790000000000000001',
  authorUsername: 'moon',
  postText: 'GM <frens> & degens',
  targets: { replies: 20, reposts: 10, likes: 0, quotes: 0, bookmarks: 0 },
  endsAt: new Date('2026-11-21T10:30:00Z'),
  lockApplied: true,
  lockRequested: true,
  lockNote: null,
  rewardPool: null,
};
const now = new Date('2026-11-21T10:00:00Z');

describe('raid card', () => {
  it('shows each requested target with a bar and count, and only those', () => {
    const text = renderCard(raid, { replies: 5, reposts: 10, likes: 99, quotes: 0, bookmarks: 0 }, now);
    expect(text).toContain('💬 Replies ▓▓░░░░░░░░ 5/20');
    expect(text).toContain('🔁 Reposts ▓▓▓▓▓▓▓▓▓▓ 10/10 ✅');
    expect(text).not.toContain('Likes');
    expect(text).toContain('30 min left');
    expect(text).toContain('🔒 Chat locked');
    expect(text).toContain('GM &lt;frens&gt; &amp; degens');
  });

  it('shows the reward pool in whole tokens, exactly', () => {
    const text = renderCard({ ...raid, rewardPool: { amount: 1_500_500_000n, token: 'USDT' } }, { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 }, now);
    expect(text).toContain('🎁 Reward pool: <b>1500.5 USDT</b> (split after validation)');
  });

  it('counts bookmarks from the post and says they are self-report: X never shows who bookmarked', () => {
    const withBookmarks = { ...raid, targets: { ...raid.targets, bookmarks: 10 } };
    const text = renderCard(withBookmarks, { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 3 }, now);
    expect(text).toContain('🔖 Bookmarks ▓▓▓░░░░░░░ 3/10');
    expect(text).toContain('X counts bookmarks but never shows who made them: yours is taken on your word (self-report).');
    expect(renderCard(raid, { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 3 }, now)).not.toContain('X counts bookmarks');
  });

  it('says why the chat is not locked when the lock failed', () => {
    const text = renderCard({ ...raid, lockApplied: false, lockNote: 'I need the right to restrict members' }, { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 }, now);
    expect(text).toContain('🔓 Not locked: I need the right to restrict members');
  });

  it('tells members how long they may still claim once it ended', () => {
    const text = renderCard(raid, { replies: 20, reposts: 10, likes: 0, quotes: 0, bookmarks: 0 }, now, { reason: 'targets', claimsOpenMs: 300_000, resultsInMs: 315_000 });
    expect(text).toContain('every target reached');
    expect(text).toContain('5 min to press “I raided”; the results come in about 5 min');
    const sandbox = renderCard(raid, { replies: 20, reposts: 10, likes: 0, quotes: 0, bookmarks: 0 }, now, { reason: 'time', claimsOpenMs: 30_000, resultsInMs: 45_000 });
    expect(sandbox).toContain('30 s to press “I raided”; the results come in about 45 s');
  });

  it('opens the X intents for the post and carries a short claim callback', () => {
    const kb = cardKeyboard(raid, true);
    expect(kb.inline_keyboard[0]!.map((b) => ('url' in b ? b.url : ''))).toEqual([
      'https://x.com/intent/post?in_reply_to=1790000000000000001',
      'https://x.com/intent/retweet?tweet_id=1790000000000000001',
      'https://x.com/intent/like?tweet_id=1790000000000000001',
    ]);
    const claim = kb.inline_keyboard[1]![0]!;
    expect('callback_data' in claim && Buffer.byteLength(claim.callback_data)).toBeLessThanOrEqual(64);
    expect(cardKeyboard(raid, false).inline_keyboard).toHaveLength(1);
  });

  it('draws bars and time left sensibly at the edges', () => {
    expect(progressBar(0, 10)).toBe('░░░░░░░░░░');
    expect(progressBar(50, 10)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(timeLeft(new Date(now.getTime() - 1000), now)).toBe('ending now');
    expect(timeLeft(new Date(now.getTime() + 125 * 60_000), now)).toBe('2 h 5 min left');
  });

  it('shortens a long post without splitting an emoji', () => {
    const postText = `${'a'.repeat(138)}🚀🚀🚀 and more`;
    const text = renderCard({ ...raid, postText }, { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 }, now);
    expect(text).toContain(`${'a'.repeat(138)}🚀…`);
    expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(() => JSON.parse(JSON.stringify({ text }))).not.toThrow();
  });

  it('says a stored lock note and a launch refusal in words (the raids service gives codes)', () => {
    const text = renderCard({ ...raid, lockApplied: false, lockNote: 'earlier_raid_still_locked' }, { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 }, now);
    expect(text).toContain('🔓 Not locked: an earlier raid has not given the chat its permissions back yet');
    expect(lockNoteText('bot_cannot_restrict')).toBe('make me an admin with the “Ban users” right to lock the chat');
    expect(lockNoteText('telegram_refused: Bad Request: not enough rights')).toBe('Telegram refused: Bad Request: not enough rights');
    expect(launchRefusal({ ok: false, reason: 'post_not_found', postId: '42' })).toBe('I cannot find post 42 on X. Check the link (is the post public and not deleted?).');
    expect(launchRefusal({ ok: false, reason: 'invalid_pool', detail: 'unknown token' })).toBe('unknown token');
  });
});

describe('a white-label bot’s card wording', () => {
  it('puts the owner’s title, call and button label on the card, escaped, and keeps the rest', () => {
    const wording = { title: 'ATTACK <now>', call: 'Go go go & win', claimButton: '🔥 Done it' };
    const text = renderCard(raid, { replies: 5, reposts: 10, likes: 0, quotes: 0, bookmarks: 0 }, now, undefined, wording);
    expect(text).toContain('⚔️ <b>ATTACK &lt;now&gt; LIVE</b>');
    expect(text).toContain('Go go go &amp; win');
    expect(text).not.toContain('Engage on X');
    expect(text).toContain('💬 Replies');
    const kb = cardKeyboard(raid, true, wording);
    expect(kb.inline_keyboard.at(-1)![0]!.text).toBe('🔥 Done it');
    // Without wording, Warhorn's own.
    expect(cardKeyboard(raid, true).inline_keyboard.at(-1)![0]!.text).toBe('✅ I raided');
  });
});
