import { describe, expect, it } from 'vitest';
import { createFormat } from '../../format';
import { en } from '../../texts/en';
import { authorOf, cardPreviewLines, progressBar } from './card-preview';

const format = createFormat('en');
const none = { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 };

describe('cardPreviewLines', () => {
  it('lists only the asked-for actions, with empty bars, and the time left', () => {
    const lines = cardPreviewLines({ authorUsername: 'warhorn', targets: { ...none, replies: 20, likes: 1500 }, durationMinutes: 90, lock: false, pool: null }, en, format);
    expect(lines).toEqual([
      '⚔️ RAID LIVE on @warhorn',
      '',
      '💬 Replies ░░░░░░░░░░ 0/20',
      '❤️ Likes ░░░░░░░░░░ 0/1,500',
      '',
      '⏳ 1 hr 30 min left. Engage on X, then press “I raided”.',
    ]);
  });

  it('says bookmarks are self-reported, and shows the pool and the lock', () => {
    const lines = cardPreviewLines({ authorUsername: null, targets: { ...none, bookmarks: 5 }, durationMinutes: 30, lock: true, pool: { amount: '500', token: 'USDT' } }, en, format);
    expect(lines[0]).toBe('⚔️ RAID LIVE on this post');
    expect(lines).toContain(en.card.bookmarksNote);
    expect(lines).toContain('🎁 Reward pool: 500 USDT (split after validation)');
    expect(lines).toContain('🔒 Chat locked until the raid ends.');
  });
});

describe('authorOf', () => {
  it("reads the handle from x.com and twitter.com links, nothing from others", () => {
    expect(authorOf('https://x.com/warhorn_app/status/1234567890')).toBe('warhorn_app');
    expect(authorOf('https://twitter.com/a/status/1?s=20')).toBe('a');
    expect(authorOf('https://example.com/a/status/1')).toBeNull();
  });
});

describe('progressBar', () => {
  it('fills as the bot does', () => {
    expect(progressBar(5, 10)).toBe('▓▓▓▓▓░░░░░');
    expect(progressBar(20, 10)).toBe('▓▓▓▓▓▓▓▓▓▓');
  });
});
