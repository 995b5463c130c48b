// X API v2 JSON -> our plain types. Only the fields asked for in FIELDS are read.
import type { XEntities, XMedia, XPost, XUser } from './types.js';

export const FIELDS = {
  'tweet.fields': 'author_id,conversation_id,created_at,public_metrics,referenced_tweets',
  'user.fields': 'created_at,description,public_metrics',
  expansions: 'author_id',
} as const;
export const USER_FIELDS = { 'user.fields': FIELDS['user.fields'] } as const;
/** Feeds render posts into Telegram: they also need the entities, the language and the media. Media objects
 * come as an expansion and are not billed (X bills posts and users). */
export const FEED_FIELDS = {
  'tweet.fields': `${FIELDS['tweet.fields']},entities,lang,attachments`,
  'user.fields': FIELDS['user.fields'],
  'media.fields': 'type,url,preview_image_url',
  expansions: 'author_id,attachments.media_keys',
} as const;

export interface RawEntities {
  urls?: Array<{ start: number; end: number; url: string; expanded_url?: string; display_url?: string }>;
  mentions?: Array<{ start: number; end: number; username: string }>;
  hashtags?: Array<{ start: number; end: number; tag: string }>;
  cashtags?: Array<{ start: number; end: number; tag: string }>;
}

export interface RawMedia {
  media_key: string;
  type: string;
  url?: string;
  preview_image_url?: string;
}

export interface RawUser {
  id: string;
  username: string;
  name?: string;
  description?: string;
  created_at?: string;
  public_metrics?: { followers_count?: number; following_count?: number; tweet_count?: number };
}

export interface RawPost {
  id: string;
  text?: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
  lang?: string;
  entities?: RawEntities;
  attachments?: { media_keys?: string[] };
  public_metrics?: {
    reply_count?: number;
    retweet_count?: number;
    like_count?: number;
    quote_count?: number;
    bookmark_count?: number;
    impression_count?: number;
  };
}

export interface RawPage<T> {
  data?: T;
  includes?: { users?: RawUser[]; tweets?: RawPost[]; media?: RawMedia[] };
  meta?: { next_token?: string; result_count?: number };
  errors?: Array<{ title?: string; detail?: string; resource_id?: string }>;
}

/** X sends `&`, `<` and `>` in a post's text HTML-escaped; its entity offsets count the text as written, so
 * the text is given back as written (callers escape for where they show it). */
export const unescapeText = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const date = (s: string | undefined) => (s ? new Date(s) : null);

export function toUser(u: RawUser): XUser {
  return {
    id: u.id,
    username: u.username,
    name: u.name ?? '',
    bio: u.description ?? '',
    createdAt: date(u.created_at),
    followers: u.public_metrics?.followers_count ?? 0,
    following: u.public_metrics?.following_count ?? 0,
    posts: u.public_metrics?.tweet_count ?? 0,
  };
}

const MEDIA_TYPES = new Set(['photo', 'video', 'animated_gif']);

function toEntities(e: RawEntities | undefined): XEntities {
  return {
    urls: (e?.urls ?? []).map((u) => ({ start: u.start, end: u.end, url: u.url, expandedUrl: u.expanded_url ?? u.url, displayUrl: u.display_url ?? u.url })),
    mentions: (e?.mentions ?? []).map((m) => ({ start: m.start, end: m.end, username: m.username })),
    hashtags: (e?.hashtags ?? []).map((h) => ({ start: h.start, end: h.end, tag: h.tag })),
    cashtags: (e?.cashtags ?? []).map((c) => ({ start: c.start, end: c.end, tag: c.tag })),
  };
}

function toMedia(keys: string[] | undefined, media: ReadonlyMap<string, RawMedia>): XMedia[] {
  const out: XMedia[] = [];
  for (const key of keys ?? []) {
    const m = media.get(key);
    if (!m || !MEDIA_TYPES.has(m.type)) continue;
    out.push({ key, type: m.type as XMedia['type'], url: m.url ?? null, previewUrl: m.preview_image_url ?? null });
  }
  return out;
}

const NO_MEDIA: ReadonlyMap<string, RawMedia> = new Map();

export function toPost(p: RawPost, authors: ReadonlyMap<string, XUser>, media: ReadonlyMap<string, RawMedia> = NO_MEDIA): XPost {
  const ref = (type: string) => p.referenced_tweets?.find((r) => r.type === type)?.id ?? null;
  const m = p.public_metrics ?? {};
  return {
    id: p.id,
    text: unescapeText(p.text ?? ''),
    authorId: p.author_id ?? '',
    author: (p.author_id && authors.get(p.author_id)) || null,
    createdAt: date(p.created_at),
    conversationId: p.conversation_id ?? null,
    inReplyTo: ref('replied_to'),
    quotes: ref('quoted'),
    repostOf: ref('retweeted'),
    metrics: {
      replies: m.reply_count ?? 0,
      reposts: m.retweet_count ?? 0,
      likes: m.like_count ?? 0,
      quotes: m.quote_count ?? 0,
      bookmarks: m.bookmark_count ?? 0,
      impressions: m.impression_count ?? 0,
    },
    lang: p.lang ?? null,
    entities: toEntities(p.entities),
    media: toMedia(p.attachments?.media_keys, media),
  };
}

/** Posts of one answer with their authors from `includes.users`. */
export function postsOf(page: RawPage<RawPost[] | RawPost>): XPost[] {
  const authors = new Map((page.includes?.users ?? []).map((u) => [u.id, toUser(u)] as const));
  const media = new Map((page.includes?.media ?? []).map((m) => [m.media_key, m] as const));
  const data = page.data === undefined ? [] : Array.isArray(page.data) ? page.data : [page.data];
  return data.map((p) => toPost(p, authors, media));
}

/** What an answer is billed for: every post and user it carries, expansions included. */
export function resourcesOf(page: RawPage<RawPost[] | RawPost | RawUser[] | RawUser>, kind: 'post' | 'user') {
  const data = page.data === undefined ? [] : Array.isArray(page.data) ? page.data : [page.data];
  const ids = data.map((d) => d.id);
  return {
    posts: [...(kind === 'post' ? ids : []), ...(page.includes?.tweets ?? []).map((t) => t.id)],
    users: [...(kind === 'user' ? ids : []), ...(page.includes?.users ?? []).map((u) => u.id)],
  };
}
