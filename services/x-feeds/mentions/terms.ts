// What an admin may follow with `/mentions add`: one term of X's query language, normalised so that two
// groups writing the same term differently (`$WAR`, `$war`) share one query and pay for its reads once.

export type TermKind = 'cashtag' | 'hashtag' | 'mention' | 'keyword' | 'phrase';

/** A normalised term: `value` has no sigil and no quotes, and is lower-case (X matches case-insensitively). */
export interface Term {
  kind: TermKind;
  value: string;
}

export type ParsedTerm = { ok: true; term: Term } | { ok: false; reason: string };

/** The longest query form a term may have. A 512-character query must hold it beside the suffix
 * (`-is:retweet`, `lang:xx`) and a few other terms; a longer phrase would match next to nothing anyway. */
export const MAX_TERM_LENGTH = 128;

// Letters, digits and `_`: what X (and the fake's tokeniser) counts as part of a word or an entity.
const WORD = /^[\p{L}\p{N}_]+$/u;
const CASHTAG = /^[A-Za-z][A-Za-z_]{0,5}$/;
const HANDLE = /^[A-Za-z0-9_]{1,15}$/;
const OPERATOR = /^[A-Za-z_]+:/;

const refuse = (reason: string): ParsedTerm => ({ ok: false, reason });
const accept = (kind: TermKind, value: string): ParsedTerm => {
  const term = { kind, value };
  const length = termText(term).length;
  if (length > MAX_TERM_LENGTH) return refuse(`That term is ${length} characters long; the most a term may have is ${MAX_TERM_LENGTH}.`);
  return { ok: true, term };
};

/** Reads one term as an admin types it (or as termText stored it: parseTerm(termText(t)) gives t back). */
export function parseTerm(input: string): ParsedTerm {
  const text = input.normalize('NFC').trim();
  if (!text) return refuse('Give a term to follow: a $cashtag, a #hashtag, an @account, a keyword or a "phrase in quotes".');
  if (text.startsWith('"')) return phrase(text);
  // An operator anywhere would change what the shared query means for every group in it.
  const operator = text.split(/\s+/).map(operatorIn).find((r) => r !== null);
  if (operator) return refuse(operator);
  if (text.includes('"')) return refuse('A quote mark belongs only around a whole phrase, like "raid now".');
  if (/\s/.test(text)) return refuse(`One term at a time. To follow words together, put them in quotes: "${text.replace(/\s+/g, ' ')}".`);

  const body = text.slice(1);
  switch (text[0]) {
    case '$':
      if (!CASHTAG.test(body)) return refuse('A cashtag is $ and a letter, then up to 5 more letters or underscores, like $WAR.');
      return accept('cashtag', body.toLowerCase());
    case '#':
      if (!body || !WORD.test(body)) return refuse('A hashtag is # and letters, digits or underscores, like #warhorn.');
      if (/^\p{N}+$/u.test(body)) return refuse('A hashtag needs a letter: X does not make a hashtag of digits only.');
      return accept('hashtag', body.toLowerCase());
    case '@':
      if (!HANDLE.test(body)) return refuse('An account is @ and its handle: 1 to 15 letters, digits or underscores.');
      return accept('mention', body.toLowerCase());
  }
  return keyword(text);
}

function operatorIn(word: string): string | null {
  if (word === 'OR') return 'OR combines terms in a query; add each term on its own instead.';
  if (word.startsWith('-')) return 'A term cannot be negated (-): it picks posts to relay, it does not exclude them.';
  if (/[()]/.test(word)) return 'Parentheses group a query; a term cannot contain them.';
  if (OPERATOR.test(word)) return `Operators like ${word.slice(0, word.indexOf(':') + 1)} are not terms; the group's settings pick the language and minimum followers.`;
  return null;
}

function keyword(text: string): ParsedTerm {
  if (!WORD.test(text)) return refuse(`A keyword is one word of letters and digits. For anything else, use quotes: "${text}".`);
  if ([...text].length < 2) return refuse('A keyword needs at least 2 characters.');
  return accept('keyword', text.toLowerCase());
}

function phrase(text: string): ParsedTerm {
  if (text.length < 2 || !text.endsWith('"')) return refuse('A phrase needs a closing quote: "raid now".');
  const inner = text.slice(1, -1).replace(/\s+/g, ' ').trim();
  if (inner.includes('"')) return refuse('A phrase cannot contain quote marks.');
  if (!/[\p{L}\p{N}_]/u.test(inner)) return refuse('A phrase needs at least one word.');
  // One quoted word is matched exactly like the keyword: one term, so both spellings share a query.
  if (WORD.test(inner)) return keyword(inner);
  return accept('phrase', inner.toLowerCase());
}

const SIGIL: Record<TermKind, string> = { cashtag: '$', hashtag: '#', mention: '@', keyword: '', phrase: '' };

/** The term as it goes into an X query (and the key queries are shared by): `$war`, `"raid now"`. */
export function termText(term: Term): string {
  return term.kind === 'phrase' ? `"${term.value}"` : `${SIGIL[term.kind]}${term.value}`;
}

/** The term as a group sees it: like termText, with cashtags upper-cased as tickers are written (`$WAR`). */
export function termLabel(term: Term): string {
  return term.kind === 'cashtag' ? `$${term.value.toUpperCase()}` : termText(term);
}
