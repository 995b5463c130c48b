// Posts for the feed texts' tests: an XPost with everything empty but what a test sets, and code point
// offsets found by searching the text (so a test writes which word an entity covers, not its numbers).
import type { XEntities, XPost, XUser } from '../../../services/x/index.js';

export const user = (over: Partial<XUser> = {}): XUser => ({
  id: '7', username: 'warhorn', name: 'Warhorn', bio: '', createdAt: null, followers: 0, following: 0, posts: 0, ...over,
});

export function post(over: Omit<Partial<XPost>, 'entities'> & { entities?: Partial<XEntities> } = {}): XPost {
  const { entities, ...rest } = over;
  return {
    id: '1800000000000000001', text: '', authorId: '7', author: user(), createdAt: null, conversationId: null,
    inReplyTo: null, quotes: null, repostOf: null, metrics: { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0, impressions: 0 },
    lang: 'en', media: [], ...rest,
    entities: { urls: [], mentions: [], hashtags: [], cashtags: [], ...entities },
  };
}

/** Where `word` is in `text`, as X counts it: code points, end exclusive. */
export function at(text: string, word: string): { start: number; end: number } {
  const i = text.indexOf(word);
  if (i < 0) throw new Error(`"${word}" is not in the text`);
  const start = [...text.slice(0, i)].length;
  return { start, end: start + [...word].length };
}
