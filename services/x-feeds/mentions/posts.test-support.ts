// Posts as the X service hands them to feeds, for the mention tests: only what a test names differs.
import type { XEntities, XPost, XPostMetrics, XUser } from '../../x/index.js';

export const NO_ENTITIES: XEntities = { urls: [], mentions: [], hashtags: [], cashtags: [] };

export interface PostSpec {
  id?: string;
  text?: string;
  lang?: string | null;
  entities?: Partial<XEntities>;
  author?: Partial<XUser> | null;
  metrics?: Partial<XPostMetrics>;
  createdAt?: Date | null;
}

export function xPost(spec: PostSpec = {}): XPost {
  const id = spec.id ?? '1800000000000000001';
  const author: XUser | null =
    spec.author === null
      ? null
      : { id: 'u1', username: 'ana', name: 'Ana', bio: '', createdAt: new Date('2020-01-01T00:00:00.000Z'), followers: 100, following: 10, posts: 50, ...spec.author };
  return {
    id,
    text: spec.text ?? 'gm',
    authorId: author?.id ?? 'u1',
    author,
    createdAt: spec.createdAt === undefined ? new Date('2026-12-01T10:00:00.000Z') : spec.createdAt,
    conversationId: id,
    inReplyTo: null,
    quotes: null,
    repostOf: null,
    metrics: { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0, impressions: 0, ...spec.metrics },
    lang: spec.lang === undefined ? 'en' : spec.lang,
    entities: { ...NO_ENTITIES, ...spec.entities },
    media: [],
  };
}
