// The fake's world: users, posts (with replies, quotes and reposts as posts, like X models them), likes
// and bookmarks, each with a time. Anything dated after the fake clock's "now" does not exist yet, so a
// test can script engagement ahead and let it appear as the clock moves.
import type { FakeClock } from './clock.js';
import { extractEntities, repostEntities, type Entities } from './entities.js';
import { DriverError } from './errors.js';
import { composeText } from './links.js';
import { makeMedia, type MediaSpec } from './media.js';
import type { LikesVisibility, PostKind, PostRecord, UserRecord, UserRef, XPost, XUser } from './records.js';

export { DriverError };

export type { LikesVisibility, PostKind, PostRecord, UserRecord, UserRef, XPost, XUser } from './records.js';

/** What a post is made of: the author's text, their media, and for a quote X's link to the quoted post. */
interface Draft { text: string; media?: MediaSpec[] | undefined; quoted?: PostRecord | undefined }
export interface PostOptions { at?: Date; lang?: string; media?: MediaSpec[] }

const TWITTER_EPOCH = 1288834974657n;

export interface WorldOptions {
  /** Likes are private since June 2024: liking_users shows nothing unless you authored the post. */
  privateLikes?: boolean;
}

export class World {
  readonly users = new Map<string, UserRecord>();
  readonly posts = new Map<string, PostRecord>();
  private byUsername = new Map<string, string>();
  private byConversation = new Map<string, string[]>();
  private byAuthor = new Map<string, string[]>();
  private quotesOf = new Map<string, string[]>();
  private repliesOf = new Map<string, string[]>();
  private mediaIds = new Map<string, true>();
  /** userId -> posts they like, for the user's like_count. */
  readonly likedBy = new Map<string, Set<string>>();
  private seq = 0;
  /** The X account that owns the developer app; app-only calls "see" as this account. */
  appAccountId?: string;
  privateLikes: boolean;

  constructor(readonly clock: FakeClock, options: WorldOptions = {}) {
    this.privateLikes = options.privateLikes ?? true;
  }

  /** Snowflake-like: time in the high bits, so ids grow with time (and sort like X's). */
  private newId(at: Date, taken: Map<string, unknown>): string {
    const ms = BigInt(at.getTime());
    for (;;) {
      this.seq = (this.seq + 1) % 0x3fffff;
      const id = ms > TWITTER_EPOCH ? ((ms - TWITTER_EPOCH) << 22n) | BigInt(this.seq + 1) : BigInt(10_000_000 + this.seq);
      const s = id.toString();
      if (!taken.has(s)) return s;
    }
  }

  now(): Date {
    return this.clock.now();
  }

  createUser(o: { username: string; name?: string; createdAt?: Date; followers?: number; following?: number; bio?: string; protected?: boolean; verified?: boolean; listed?: number }): XUser {
    if (!/^[A-Za-z0-9_]{1,15}$/.test(o.username)) throw new DriverError(`invalid X username: ${o.username}`);
    if (this.byUsername.has(o.username.toLowerCase())) throw new DriverError(`username taken: ${o.username}`);
    const createdAt = o.createdAt ?? this.now();
    const id = this.newId(createdAt, this.users);
    this.users.set(id, {
      id,
      username: o.username,
      name: o.name ?? o.username,
      createdAt,
      bio: o.bio ?? '',
      protected: o.protected ?? false,
      verified: o.verified ?? false,
      followers: o.followers ?? 0,
      following: o.following ?? 0,
      listed: o.listed ?? 0,
    });
    this.byUsername.set(o.username.toLowerCase(), id);
    return { id, username: o.username };
  }

  /** A user by id, or by username (case-insensitive). */
  findUser(ref: UserRef): UserRecord | undefined {
    if (typeof ref !== 'string') return this.users.get(ref.id);
    return this.users.get(ref) ?? this.users.get(this.byUsername.get(ref.replace(/^@/, '').toLowerCase()) ?? '');
  }

  findByUsername(username: string): UserRecord | undefined {
    return this.users.get(this.byUsername.get(username.replace(/^@/, '').toLowerCase()) ?? '');
  }

  user(ref: UserRef): UserRecord {
    const u = this.findUser(ref);
    if (!u) throw new DriverError(`no such X user: ${typeof ref === 'string' ? ref : ref.id}`);
    return u;
  }

  updateUser(ref: UserRef, patch: Partial<Omit<UserRecord, 'id' | 'username'>>): void {
    Object.assign(this.user(ref), patch);
  }

  post(ref: UserRef, text: string, o: PostOptions = {}): XPost {
    return this.addPost(this.user(ref), 'post', { text, media: o.media }, o.at, (p) => {
      if (o.lang) p.lang = o.lang;
    });
  }

  /** A reply. Like X, the text starts with "@parent_author " unless it already does or `rawText` is set. */
  reply(ref: UserRef, postId: string, text: string, o: PostOptions & { rawText?: boolean } = {}): XPost {
    const parent = this.livePost(postId);
    const parentAuthor = this.user(parent.authorId);
    const mention = `@${parentAuthor.username}`;
    const full = o.rawText || text.toLowerCase().startsWith(mention.toLowerCase()) ? text : `${mention} ${text}`;
    const made = this.addPost(this.user(ref), 'reply', { text: full, media: o.media }, o.at, (p) => {
      p.conversationId = parent.conversationId;
      p.inReplyToPostId = parent.id;
      p.inReplyToUserId = parent.authorId;
      if (o.lang) p.lang = o.lang;
    });
    push(this.repliesOf, parent.id, made.id);
    return made;
  }

  /** A quote. Like X, the text ends with a t.co link to the quoted post unless `rawText` is set. */
  quote(ref: UserRef, postId: string, text: string, o: PostOptions & { rawText?: boolean } = {}): XPost {
    const quoted = this.livePost(postId);
    const made = this.addPost(this.user(ref), 'quote', { text, media: o.media, quoted: o.rawText ? undefined : quoted }, o.at, (p) => {
      p.quotedId = quoted.id;
      if (o.lang) p.lang = o.lang;
    });
    push(this.quotesOf, quoted.id, made.id);
    return made;
  }

  /** A repost is a post of its own ("RT @author: text"), as in X API v2. Reposting twice does nothing. Its
   * text and entities carry the original's links; its media stay the original's (no attachments of its own). */
  repost(ref: UserRef, postId: string, o: { at?: Date } = {}): XPost {
    const target = this.livePost(postId);
    const user = this.user(ref);
    const existing = target.reposts.get(user.id);
    if (existing) return this.postRef(existing);
    const author = this.user(target.authorId);
    const made = this.addPost(user, 'repost', { text: '' }, o.at, (p) => {
      p.text = `RT @${author.username}: ${target.text}`;
      p.links = target.links;
      p.entities = repostEntities(author, target.entities);
      p.repostOfId = target.id;
      p.lang = target.lang;
    });
    target.reposts.set(user.id, made.id);
    return made;
  }

  unrepost(ref: UserRef, postId: string): void {
    const target = this.livePost(postId);
    const user = this.user(ref);
    const repostId = target.reposts.get(user.id);
    if (!repostId) return;
    target.reposts.delete(user.id);
    this.posts.get(repostId)!.deleted = true;
  }

  like(ref: UserRef, postId: string, o: { at?: Date } = {}): void {
    const target = this.livePost(postId);
    const user = this.user(ref);
    if (target.likes.has(user.id)) return;
    target.likes.set(user.id, o.at ?? this.now());
    const mine = this.likedBy.get(user.id) ?? new Set<string>();
    mine.add(target.id);
    this.likedBy.set(user.id, mine);
  }

  unlike(ref: UserRef, postId: string): void {
    const user = this.user(ref);
    this.livePost(postId).likes.delete(user.id);
    this.likedBy.get(user.id)?.delete(String(postId));
  }

  bookmark(ref: UserRef, postId: string, o: { at?: Date } = {}): void {
    const target = this.livePost(postId);
    const user = this.user(ref);
    if (!target.bookmarks.has(user.id)) target.bookmarks.set(user.id, o.at ?? this.now());
  }

  /** `count` more impressions of the post from `at` on (default now); public_metrics.impression_count sums
   * those the clock has reached. */
  view(postId: string, count: number, o: { at?: Date } = {}): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new DriverError(`impressions must be a whole number >= 0: ${count}`);
    this.livePost(postId).views.push({ at: o.at ?? this.now(), count });
  }

  deletePost(postId: string): void {
    const p = this.livePost(postId);
    p.deleted = true;
    if (p.repostOfId) this.posts.get(p.repostOfId)?.reposts.delete(p.authorId);
  }

  setLikesVisibility(postId: string, v: LikesVisibility): void {
    this.livePost(postId).likesVisibility = v;
  }

  /** A post that exists now: not deleted and not dated in the future. */
  visible(id: string): PostRecord | undefined {
    const p = this.posts.get(id);
    return p && !p.deleted && p.createdAt <= this.now() ? p : undefined;
  }

  conversation(conversationId: string): PostRecord[] {
    return (this.byConversation.get(conversationId) ?? []).map((id) => this.posts.get(id)!);
  }

  authoredBy(userId: string): PostRecord[] {
    return (this.byAuthor.get(userId) ?? []).map((id) => this.posts.get(id)!);
  }

  repliesToPost(postId: string): PostRecord[] {
    return (this.repliesOf.get(postId) ?? []).map((id) => this.posts.get(id)!);
  }

  quotesOfPost(postId: string): PostRecord[] {
    return (this.quotesOf.get(postId) ?? []).map((id) => this.posts.get(id)!);
  }

  allPosts(): IterableIterator<PostRecord> {
    return this.posts.values();
  }

  postRef(id: string): XPost {
    const p = this.posts.get(id)!;
    return { id, url: `https://x.com/${this.users.get(p.authorId)!.username}/status/${id}` };
  }

  private livePost(id: string): PostRecord {
    const p = this.posts.get(String(id));
    if (!p || p.deleted) throw new DriverError(`no such post: ${id}`);
    return p;
  }

  private addPost(author: UserRecord, kind: PostKind, draft: Draft, at: Date | undefined, shape?: (p: PostRecord) => void): XPost {
    const createdAt = at ?? this.now();
    const media = makeMedia(draft.media, () => {
      const mediaId = this.newId(createdAt, this.mediaIds);
      this.mediaIds.set(mediaId, true);
      return mediaId;
    });
    const id = this.newId(createdAt, this.posts);
    const quoted = draft.quoted && { id: draft.quoted.id, url: this.postRef(draft.quoted.id).url };
    const { text, links } = composeText(draft.text, { postUrl: `https://x.com/${author.username}/status/${id}`, quoted, media });
    const p: PostRecord = {
      id, kind, authorId: author.id, text, links, media, createdAt, conversationId: id, lang: 'en', deleted: false,
      likes: new Map(), reposts: new Map(), bookmarks: new Map(), views: [], likesVisibility: 'default',
    };
    p.entities = extractEntities(text, links, (name) => this.findByUsername(name)?.id);
    shape?.(p);
    this.posts.set(id, p);
    push(this.byConversation, p.conversationId, id);
    push(this.byAuthor, author.id, id);
    return this.postRef(id);
  }
}

function push(index: Map<string, string[]>, key: string, id: string): void {
  const list = index.get(key);
  if (list) list.push(id);
  else index.set(key, [id]);
}
