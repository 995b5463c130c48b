import { describe, expect, it } from 'vitest';
import { progressFrom, targetsReached } from './progress.js';

const targets = { replies: 20, reposts: 10, likes: 0, quotes: 0, bookmarks: 0 };

describe('raid progress', () => {
  it('counts only what the raid added to the post, and knows when every target is met', () => {
    const p = progressFrom({ replies: 100, reposts: 5, likes: 0, quotes: 0, bookmarks: 0 }, { replies: 120, reposts: 15, likes: 3, quotes: 0, bookmarks: 0 });
    expect(p).toEqual({ replies: 20, reposts: 10, likes: 3, quotes: 0, bookmarks: 0 });
    expect(targetsReached(targets, p)).toBe(true);
    expect(targetsReached(targets, { ...p, replies: 19 })).toBe(false);
  });
});
