// A group's mention rate cap, planned without side effects: a trending term cannot flood the chat, and what
// it holds back is not lost but summarised once its window closes. The caller keeps the state in Postgres
// between calls, so it is plain JSON (dates as ISO strings) and small however many posts are held.
import type { XPost, XUser } from '../../x/index.js';
import type { MentionSummary } from '../messages.js';

export interface RateCap {
  /** Relays allowed per window; 0 holds everything for the summary. */
  perWindow: number;
  windowMs: number;
}

/** A post for the group, with the group's terms it matched (labels, as messages show them). */
export interface CapMatch {
  post: XPost;
  terms: string[];
}

/** An XPost as JSON keeps it: its dates as ISO strings. */
export type StoredPost = Omit<XPost, 'createdAt' | 'author'> & {
  createdAt: string | null;
  author: (Omit<XUser, 'createdAt'> & { createdAt: string | null }) | null;
};

export interface RateCapState {
  /** When the current window opened (ISO 8601); null while no window is open. */
  windowStart: string | null;
  /** Ids of the posts relayed in the window: how many count against the cap, and which another query may
   * bring again without them being sent twice. */
  relayed: string[];
  /** What the window held back: per post only its id; terms and engagement only in aggregate. */
  held: {
    /** Each held post once: the summary's exact count. */
    ids: string[];
    /** Every term that matched a held post, in the order first seen. */
    terms: string[];
    /** The most engaged held posts (at most 3), most engaged first; the only posts kept whole. */
    top: Array<{ engagement: number; post: StoredPost }>;
  };
}

export interface RelayPlan {
  /** Send these now, in this order. */
  relay: CapMatch[];
  /** Store this, and pass it to the next call. */
  state: RateCapState;
  /** The window that closed, when it held posts back: send it once. */
  summary: MentionSummary | null;
}

const TOP = 3;

export function emptyRateCapState(): RateCapState {
  return { windowStart: null, relayed: [], held: { ids: [], terms: [], top: [] } };
}

/** How a summary ranks held posts: every kind of public interaction counts the same. */
export function engagement(post: XPost): number {
  const m = post.metrics;
  return m.likes + m.reposts + m.replies + m.quotes;
}

/**
 * Relays `matches` (oldest first, as feeds read them) up to the cap and holds the rest. The window opens
 * at the first match and lasts windowMs; the first call at or after its end summarises it and starts over.
 * Call it on every poll, with no matches too, so a summary goes out soon after its window closes.
 */
export function planRelays(state: RateCapState, matches: readonly CapMatch[], now: Date, cap: RateCap): RelayPlan {
  if (!Number.isInteger(cap.perWindow) || cap.perWindow < 0) throw new RangeError(`perWindow must be a whole number >= 0, not ${cap.perWindow}`);
  if (!(cap.windowMs > 0)) throw new RangeError(`windowMs must be > 0, not ${cap.windowMs}`);

  let summary: MentionSummary | null = null;
  let next: RateCapState = { windowStart: state.windowStart, relayed: [...state.relayed], held: { ids: [...state.held.ids], terms: [...state.held.terms], top: [...state.held.top] } };
  if (state.windowStart !== null) {
    const start = new Date(state.windowStart);
    const end = new Date(start.getTime() + cap.windowMs);
    if (now.getTime() >= end.getTime()) {
      summary = summarise(state, start, end);
      next = emptyRateCapState();
    }
  }

  const merged = mergeById(matches);
  if (merged.length && next.windowStart === null) next.windowStart = now.toISOString();
  const relayed = new Set(next.relayed);
  const held = new Set(next.held.ids);
  const heldTerms = new Set(next.held.terms);
  const relay: CapMatch[] = [];
  for (const m of merged) {
    const id = m.post.id;
    if (relayed.has(id)) continue;
    if (!held.has(id) && next.relayed.length < cap.perWindow) {
      relayed.add(id);
      next.relayed.push(id);
      relay.push(m);
      continue;
    }
    if (!held.has(id)) {
      held.add(id);
      next.held.ids.push(id);
    }
    for (const term of m.terms) {
      if (heldTerms.has(term)) continue;
      heldTerms.add(term);
      next.held.terms.push(term);
    }
    next.held.top = offerTop(next.held.top, m.post);
  }
  return { relay, state: next, summary };
}

function summarise(state: RateCapState, windowStart: Date, windowEnd: Date): MentionSummary | null {
  if (!state.held.ids.length) return null;
  return { terms: [...state.held.terms], count: state.held.ids.length, windowStart, windowEnd, top: state.held.top.map((t) => fromStored(t.post)) };
}

/** One post found by two queries (two of the group's terms in different queries) is one post. */
function mergeById(matches: readonly CapMatch[]): CapMatch[] {
  const byId = new Map<string, CapMatch>();
  for (const m of matches) {
    const seen = byId.get(m.post.id);
    if (!seen) byId.set(m.post.id, { post: m.post, terms: [...new Set(m.terms)] });
    else for (const term of m.terms) if (!seen.terms.includes(term)) seen.terms.push(term);
  }
  return [...byId.values()];
}

// A post seen again brings fresher metrics: it replaces its older self. Ties keep the earlier post.
function offerTop(top: RateCapState['held']['top'], post: XPost): RateCapState['held']['top'] {
  const score = engagement(post);
  const others = top.filter((t) => t.post.id !== post.id);
  if (others.length >= TOP && score <= others[TOP - 1]!.engagement) return top;
  return [...others, { engagement: score, post: toStored(post) }].sort((a, b) => b.engagement - a.engagement).slice(0, TOP);
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const date = (s: string | null) => (s === null ? null : new Date(s));

function toStored(p: XPost): StoredPost {
  return { ...p, createdAt: iso(p.createdAt), author: p.author && { ...p.author, createdAt: iso(p.author.createdAt) } };
}

function fromStored(p: StoredPost): XPost {
  return { ...p, createdAt: date(p.createdAt), author: p.author && { ...p.author, createdAt: date(p.author.createdAt) } };
}
