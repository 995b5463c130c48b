// Every group's terms, packed into as few recent-search queries as X's query length allows. Each query
// keeps its id and its since_id cursor between runs, so repacking moves as little as it can: a term stays in
// the query it is in, a removed term leaves only its own query, and a new term goes into one query.

export interface PackOptions {
  /** X's limit on a query: 512 characters, 4,096 on plans that allow it. */
  maxLength: number;
  /** What every query ends with, e.g. `-is:retweet`; empty for none. */
  suffix: string;
}

export interface StoredQuery {
  id: string;
  /** termText strings (`$war`, `"raid now"`), in the order they appear in the query. */
  terms: string[];
}

export interface Repack {
  /** The queries that stay, ascending by id, with their terms now (unchanged, fewer, or more). */
  keep: StoredQuery[];
  /** New queries to store, each to be read from now on. */
  create: Array<{ terms: string[] }>;
  /** Ids of queries left without a term: stop reading them. */
  drop: string[];
  /** Wanted terms no query of maxLength can hold even alone (only if maxLength is set below a term's
   * length): left out rather than stopping every group's mentions over one term. */
  unfit: string[];
}

/** The query X is sent: the terms OR-ed, grouped so the suffix applies to all (AND binds before OR). */
export function queryText(terms: readonly string[], suffix: string): string {
  if (!terms.length) throw new RangeError('A query needs at least one term');
  const tail = suffix.trim();
  if (terms.length === 1) return tail ? `${terms[0]} ${tail}` : terms[0]!;
  const any = terms.join(' OR ');
  return tail ? `(${any}) ${tail}` : any;
}

/** What X counts against the limit. X counts UTF-16 code units (a Java string's length), as JS does. */
export const queryLength = (terms: readonly string[], suffix: string): number => queryText(terms, suffix).length;

/**
 * The smallest change to `existing` that covers every `wanted` term exactly once within maxLength.
 * New terms go longest first (long phrases are the hard ones to place) into the fullest query that still
 * has room, ties to the lowest id: best fit leaves the big gaps open for long terms and keeps the number of
 * queries, and so of requests per poll and of posts read twice by two queries, low. Deterministic: the
 * same input gives the same answer whatever the order of `existing` and `wanted`.
 */
export function repack(existing: readonly StoredQuery[], wanted: ReadonlySet<string>, options: PackOptions): Repack {
  const { maxLength, suffix } = options;
  const fits = (terms: readonly string[]) => queryLength(terms, suffix) <= maxLength;
  const placed = new Set<string>();
  const pending: string[] = [];
  const bins: Array<{ id: string | null; terms: string[]; length: number }> = [];
  const drop: string[] = [];

  for (const query of [...existing].sort((a, b) => compareIds(a.id, b.id))) {
    // A term twice (in two queries, or twice in one) would be read and paid for twice: the lowest id keeps it.
    const terms: string[] = [];
    for (const t of query.terms) {
      if (!wanted.has(t) || placed.has(t)) continue;
      placed.add(t);
      terms.push(t);
    }
    // Only when maxLength went down: the query sheds terms from its end until X would take it again.
    while (terms.length > 1 && !fits(terms)) pending.push(terms.pop()!);
    if (terms.length && fits(terms)) bins.push({ id: query.id, terms, length: queryLength(terms, suffix) });
    else {
      pending.push(...terms);
      drop.push(query.id);
    }
  }

  for (const t of wanted) if (!placed.has(t)) pending.push(t);
  pending.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));

  // The length with one more term, without joining the terms again: packing thousands of terms stays fast.
  const grouping = suffix.trim() ? 2 : 0;
  const grown = (bin: (typeof bins)[number], term: string) => bin.length + ' OR '.length + term.length + (bin.terms.length === 1 ? grouping : 0);
  const unfit: string[] = [];
  for (const term of pending) {
    if (!fits([term])) {
      unfit.push(term);
      continue;
    }
    let best: (typeof bins)[number] | undefined;
    let bestLength = -1;
    for (const bin of bins) {
      if (bin.length > bestLength && grown(bin, term) <= maxLength) {
        best = bin;
        bestLength = bin.length;
      }
    }
    if (best) {
      best.length = grown(best, term);
      best.terms.push(term);
    } else bins.push({ id: null, terms: [term], length: queryLength([term], suffix) });
  }

  return {
    keep: bins.flatMap((b) => (b.id !== null ? [{ id: b.id, terms: b.terms }] : [])),
    create: bins.flatMap((b) => (b.id === null ? [{ terms: b.terms }] : [])),
    drop,
    unfit,
  };
}

/** Ids are often serial numbers as strings: `9` before `10`, then plain code-unit order for the rest. */
function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/.test(a) && /^\d+$/.test(b);
  if (numeric && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
