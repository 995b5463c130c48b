// Turning records into X API v2 JSON: only the fields asked for (id and text, or id, name and username,
// always), `includes` for expansions, and X's 400 for a field or expansion name it does not know.
import { invalidRequest } from './errors.js';
import { MEDIA_FIELDS, renderMedia, type MediaRecord } from './media.js';
import type { PostRecord, UserRecord, World } from './world.js';

const TWEET_FIELDS = [
  'article', 'attachments', 'author_id', 'card_uri', 'community_id', 'context_annotations', 'conversation_id',
  'created_at', 'display_text_range', 'edit_controls', 'edit_history_tweet_ids', 'entities', 'geo', 'id',
  'in_reply_to_user_id', 'lang', 'media_metadata', 'non_public_metrics', 'note_tweet', 'organic_metrics',
  'possibly_sensitive', 'promoted_metrics', 'public_metrics', 'referenced_tweets', 'reply_settings', 'scopes',
  'source', 'text', 'withheld',
];
const USER_FIELDS = [
  'affiliation', 'confirmed_email', 'connection_status', 'created_at', 'description', 'entities', 'id',
  'is_identity_verified', 'location', 'most_recent_tweet_id', 'name', 'parody', 'pinned_tweet_id',
  'profile_banner_url', 'profile_image_url', 'protected', 'public_metrics', 'receives_your_dm', 'subscription',
  'subscription_type', 'url', 'username', 'verified', 'verified_followers_count', 'verified_type', 'withheld',
];
export const TWEET_EXPANSIONS = [
  'article.cover_media', 'article.media_entities', 'attachments.media_keys', 'attachments.media_source_tweet',
  'attachments.poll_ids', 'author_id', 'edit_history_tweet_ids', 'entities.mentions.username', 'geo.place_id',
  'in_reply_to_user_id', 'entities.note.mentions.username', 'referenced_tweets.id',
  'referenced_tweets.id.attachments.media_keys', 'referenced_tweets.id.author_id',
];
export const USER_EXPANSIONS = ['affiliation.user_id', 'most_recent_tweet_id', 'pinned_tweet_id'];

/** X sends a post's text with `&`, `<` and `>` HTML-escaped (as its own apps once needed); entity offsets
 * still count the text as written. */
export const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function list(q: URLSearchParams, name: string, allowed: string[]): Set<string> {
  const raw = q.get(name);
  if (raw === null) return new Set();
  const values = raw.split(',').filter((v) => v !== '');
  for (const v of values) {
    if (!allowed.includes(v)) {
      throw invalidRequest(name, v, `The \`${name}\` query parameter value [${v}] is not one of [${allowed.join(',')}]`);
    }
  }
  return new Set(values);
}

/** What the caller asked to see; parsed once per request. */
export class Shape {
  readonly tweetFields: Set<string>;
  readonly userFields: Set<string>;
  readonly mediaFields: Set<string>;
  readonly expansions: Set<string>;
  private users = new Map<string, unknown>();
  private tweets = new Map<string, unknown>();
  private media = new Map<string, unknown>();

  constructor(private world: World, q: URLSearchParams, expansions: string[]) {
    this.tweetFields = list(q, 'tweet.fields', TWEET_FIELDS);
    this.userFields = list(q, 'user.fields', USER_FIELDS);
    this.mediaFields = list(q, 'media.fields', MEDIA_FIELDS);
    this.expansions = list(q, 'expansions', expansions);
  }

  tweet(p: PostRecord): Record<string, unknown> {
    const f = this.tweetFields;
    const out: Record<string, unknown> = { id: p.id, text: escapeText(p.text), edit_history_tweet_ids: [p.id] };
    if (f.has('author_id')) out.author_id = p.authorId;
    if (f.has('conversation_id')) out.conversation_id = p.conversationId;
    if (f.has('created_at')) out.created_at = p.createdAt.toISOString();
    if (f.has('in_reply_to_user_id') && p.inReplyToUserId) out.in_reply_to_user_id = p.inReplyToUserId;
    const refs = references(p);
    if (f.has('referenced_tweets') && refs.length) out.referenced_tweets = refs;
    if (f.has('public_metrics')) out.public_metrics = this.metrics(p);
    if (f.has('lang')) out.lang = p.lang;
    if (f.has('entities') && p.entities) out.entities = structuredClone(p.entities);
    if (f.has('attachments') && p.media.length) out.attachments = { media_keys: p.media.map((m) => m.key) };
    if (f.has('possibly_sensitive')) out.possibly_sensitive = false;
    if (f.has('reply_settings')) out.reply_settings = 'everyone';
    this.expandTweet(p, refs);
    return out;
  }

  user(u: UserRecord): Record<string, unknown> {
    const f = this.userFields;
    const out: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
    if (f.has('created_at')) out.created_at = u.createdAt.toISOString();
    if (f.has('description')) out.description = u.bio;
    if (f.has('protected')) out.protected = u.protected;
    if (f.has('verified')) out.verified = u.verified;
    if (f.has('verified_type')) out.verified_type = u.verified ? 'blue' : 'none';
    if (f.has('url')) out.url = '';
    if (f.has('profile_image_url')) out.profile_image_url = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';
    if (f.has('public_metrics')) {
      const now = this.world.now();
      const authored = this.world.authoredBy(u.id).filter((p) => !p.deleted && p.createdAt <= now);
      let likes = 0;
      for (const id of this.world.likedBy.get(u.id) ?? []) {
        const p = this.world.visible(id);
        if (p && p.likes.get(u.id)! <= now) likes++;
      }
      out.public_metrics = {
        followers_count: u.followers, following_count: u.following, tweet_count: authored.length,
        listed_count: u.listed, like_count: likes, media_count: 0,
      };
    }
    if (f.has('most_recent_tweet_id')) {
      const last = this.world.authoredBy(u.id).filter((p) => this.world.visible(p.id)).at(-1);
      if (last) out.most_recent_tweet_id = last.id;
    }
    return out;
  }

  /** `includes`, or nothing when no expansion produced anything. */
  includes(): { includes?: Record<string, unknown[]> } {
    const inc: Record<string, unknown[]> = {};
    if (this.users.size) inc.users = [...this.users.values()];
    if (this.tweets.size) inc.tweets = [...this.tweets.values()];
    if (this.media.size) inc.media = [...this.media.values()];
    return Object.keys(inc).length ? { includes: inc } : {};
  }

  private metrics(p: PostRecord) {
    const now = this.world.now();
    const live = (id: string) => this.world.visible(id) !== undefined;
    const replies = this.world.repliesToPost(p.id).filter((r) => live(r.id)).length;
    return {
      retweet_count: [...p.reposts.values()].filter(live).length,
      reply_count: replies,
      like_count: [...p.likes.values()].filter((at) => at <= now).length,
      quote_count: this.world.quotesOfPost(p.id).filter((q) => live(q.id)).length,
      bookmark_count: [...p.bookmarks.values()].filter((at) => at <= now).length,
      impression_count: p.views.reduce((sum, v) => (v.at <= now ? sum + v.count : sum), 0),
    };
  }

  private expandTweet(p: PostRecord, refs: Array<{ type: string; id: string }>): void {
    const e = this.expansions;
    if (e.has('author_id')) this.includeUser(p.authorId);
    if (e.has('in_reply_to_user_id') && p.inReplyToUserId) this.includeUser(p.inReplyToUserId);
    if (e.has('attachments.media_keys')) this.includeMedia(p.media);
    if (e.has('referenced_tweets.id') || e.has('referenced_tweets.id.author_id') || e.has('referenced_tweets.id.attachments.media_keys')) {
      for (const r of refs) {
        const t = this.world.visible(r.id);
        if (!t) continue;
        if (e.has('referenced_tweets.id') && !this.tweets.has(t.id)) {
          // Referenced posts are rendered with the same fields, but do not expand further.
          const inner = new Shape(this.world, new URLSearchParams(), []);
          (inner as { tweetFields: Set<string> }).tweetFields = this.tweetFields;
          this.tweets.set(t.id, inner.tweet(t));
        }
        if (e.has('referenced_tweets.id.author_id')) this.includeUser(t.authorId);
        // A repost has no media of its own: its original's come with this expansion (as on X).
        if (e.has('referenced_tweets.id.attachments.media_keys')) this.includeMedia(t.media);
      }
    }
  }

  includeUser(id: string): void {
    if (this.users.has(id)) return;
    const u = this.world.users.get(id);
    if (u) this.users.set(id, this.user(u));
  }

  private includeMedia(media: readonly MediaRecord[]): void {
    for (const m of media) if (!this.media.has(m.key)) this.media.set(m.key, renderMedia(m, this.mediaFields));
  }

  includeTweet(id: string): void {
    const t = this.world.visible(id);
    if (t && !this.tweets.has(id)) this.tweets.set(id, this.tweet(t));
  }
}

export function references(p: PostRecord): Array<{ type: 'replied_to' | 'quoted' | 'retweeted'; id: string }> {
  if (p.inReplyToPostId) return [{ type: 'replied_to', id: p.inReplyToPostId }];
  if (p.quotedId) return [{ type: 'quoted', id: p.quotedId }];
  if (p.repostOfId) return [{ type: 'retweeted', id: p.repostOfId }];
  return [];
}
