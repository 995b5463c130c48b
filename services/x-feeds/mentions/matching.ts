// A search result comes from a query shared by many groups: which of a group's terms it matched, decided
// the way X matched it, so a group gets the posts of its own terms only, and the group's own filters.
import type { XPost } from '../../x/index.js';
import type { Term } from './terms.js';

// X's tokens: runs of letters, digits and `_`; entities are such a run right after their sigil, the sigil
// not inside a word (`x#tag` is no hashtag) and a cashtag's only at the start or after a space (twitter-text).
const WORDS = /[\p{L}\p{N}_]+/gu;
const ENTITIES = /(?<![\p{L}\p{N}_])[#@][\p{L}\p{N}_]+|(?<!\S)\$[a-z]{1,6}(?:[._][a-z]{1,2})?(?=$|[\s!'#%&()*+,\\\-./:;<=>?@[\]^_{|}~$])/giu;

interface Tokens {
  /** `#tag`, `$tag`, `@user`, lower-case. */
  entities: Set<string>;
  words: string[];
}

function tokens(post: XPost): Tokens {
  const text = post.text.normalize('NFC').toLowerCase();
  const e = post.entities;
  // Entities are X's own reading (no `$war` inside a link, no `@` of an e-mail address), but a read that
  // did not ask for them has none at all: then the text is read as the fake's tokeniser reads it.
  const fromX = e.hashtags.length + e.cashtags.length + e.mentions.length + e.urls.length > 0;
  const entities = fromX
    ? new Set([...e.hashtags.map((h) => `#${h.tag}`), ...e.cashtags.map((c) => `$${c.tag}`), ...e.mentions.map((m) => `@${m.username}`)].map((s) => s.normalize('NFC').toLowerCase()))
    : new Set(text.match(ENTITIES) ?? []);
  return { entities, words: text.match(WORDS) ?? [] };
}

const SIGIL = { cashtag: '$', hashtag: '#', mention: '@' } as const;

function hasSequence(words: readonly string[], seq: readonly string[]): boolean {
  if (!seq.length) return false;
  outer: for (let i = 0; i + seq.length <= words.length; i++) {
    for (let j = 0; j < seq.length; j++) if (words[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The terms (of one group) a post matches, in the order given. Hashtags, cashtags and accounts match a
 * whole entity (`$war` not in `$warp`); keywords a whole word, sigils and punctuation aside (`warhorn` in
 * `#warhorn` and in `warhorn.app`, as X's tokenised match does, but not in `warhorns`); a phrase its words in a row.
 */
export function matchedTerms(post: XPost, terms: readonly Term[]): Term[] {
  let read: Tokens | undefined;
  const t = () => (read ??= tokens(post));
  return terms.filter((term) => {
    switch (term.kind) {
      case 'cashtag':
      case 'hashtag':
      case 'mention':
        return t().entities.has(`${SIGIL[term.kind]}${term.value}`);
      case 'keyword':
        return t().words.includes(term.value);
      case 'phrase':
        return hasSequence(t().words, term.value.match(WORDS) ?? []);
    }
  });
}

export interface PostFilters {
  /** 0 for any author; above 0, a post whose author X did not say fails. */
  minFollowers: number;
  /** A BCP 47 language (`en`), or null for any. */
  lang: string | null;
}

/** Whether a matched post may go to a group with these settings. */
export function passesFilters(post: XPost, filters: PostFilters): boolean {
  if (filters.minFollowers > 0 && (post.author?.followers ?? -1) < filters.minFollowers) return false;
  if (filters.lang === null) return true;
  if (post.lang === null) return false;
  const want = filters.lang.toLowerCase();
  const got = post.lang.toLowerCase();
  // `en` takes `en-GB` too: a group asking for a language wants its regional variants.
  return got === want || got.startsWith(`${want}-`);
}
