// A group's KOLs and terms as recent-search queries: `(from:ID OR from:ID ...) (term OR term ...) -is:retweet`,
// each within X's 512 characters, as few as fit. Accounts go by id, not handle: a renamed KOL stays matched
// and a squatter of its old handle does not (X takes either in `from:`). Both lists are sorted, so groups
// with the same KOLs and terms make the same texts and share the queries (one read serves them all).

/** X's limit on a recent-search query (pay-per-use and Basic; Pro allows 1,024). */
export const QUERY_MAX = 512;
/** Reposts carry the original's text: they would count a KOL for someone else's words. Quotes stay in. */
const SUFFIX = ' -is:retweet';

export interface PlannedQuery {
  query: string;
  kolIds: string[];
  terms: string[];
}

const clause = (items: readonly string[]) => (items.length === 1 ? items[0]! : `(${items.join(' OR ')})`);
const clauseLength = (items: readonly string[]) => items.reduce((n, s) => n + s.length, 0) + 4 * (items.length - 1) + (items.length > 1 ? 2 : 0);

/** Greedy packing in order: each chunk's clause within `budget` characters (an item too long alone is left out). */
function pack(items: readonly string[], budget: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const item of items) {
    if (clauseLength([item]) > budget) continue;
    if (current.length && clauseLength([...current, item]) > budget) {
      chunks.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * The queries covering every (KOL, term) pair. The terms may need splitting too (a group with many long
 * phrases); every split of them multiplies the KOL queries, so a few term budgets are tried and the plan
 * with the fewest queries wins.
 */
export function planQueries(kolIds: readonly string[], terms: readonly string[]): PlannedQuery[] {
  const kols = [...new Set(kolIds)].sort().map((id) => `from:${id}`);
  const words = [...new Set(terms.map((t) => t.trim()).filter(Boolean))].sort();
  if (!kols.length || !words.length) return [];
  const room = QUERY_MAX - SUFFIX.length - 1;
  const widestKol = Math.max(...kols.map((k) => k.length));
  // A term that leaves no room for one KOL cannot be searched at all; every other one must be in each plan.
  const fit = words.filter((w) => w.length <= room - widestKol);
  if (!fit.length) return [];
  const longest = Math.max(...fit.map((w) => w.length));
  let best: PlannedQuery[] | null = null;
  for (const termBudget of [room - widestKol, 384, 256, 192, 128, 64]) {
    if (termBudget > room - widestKol || termBudget < longest) continue;
    const plan: PlannedQuery[] = [];
    for (const termChunk of pack(fit, termBudget)) {
      const termClause = clause(termChunk);
      for (const kolChunk of pack(kols, room - termClause.length)) {
        plan.push({ query: `${clause(kolChunk)} ${termClause}${SUFFIX}`, kolIds: kolChunk.map((k) => k.slice(5)), terms: termChunk });
      }
    }
    if (best === null || plan.length < best.length) best = plan;
  }
  return best ?? [];
}
