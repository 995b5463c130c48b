// Near-duplicate detection for reply texts. Copy-paste farms change a word, an emoji or a mention, so we
// compare normalised text by character 3-gram (shingle) Jaccard similarity.
//
// Finding all similar pairs among 5,000 replies must not compare every pair (12.5 million Jaccards), so
// we use exact prefix filtering (the AllPairs algorithm, Bayardo et al. 2007): shingles get a global order
// (rarest first); two sets with Jaccard >= t must share a shingle within each one's first
// |x| - ceil(t·|x|) + 1 shingles. Only pairs that share such a prefix shingle are compared. Unlike MinHash
// LSH this misses no pair and needs no random seeds, so the verdict is exact and reproducible.
// Identical normalised texts are collapsed first, so 5,000 copies of one text cost one comparison set.

/** Default Jaccard similarity from which two replies count as copies of each other. */
export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.85;

// Floating-point slack so a pair exactly at the threshold is neither missed by the prefix bound nor refused.
const EPS = 1e-9;

/**
 * Lowercase text without urls, @mentions, emoji or punctuation, whitespace collapsed: what is left is what
 * the member wrote. NFKC folds look-alike forms (full-width letters, ligatures) into plain ones.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\bhttps?:\/\/\S+|\bwww\.\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/[\p{Extended_Pictographic}\u200d\ufe0e\ufe0f]/gu, ' ')
    .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Character 3-grams of normalised text; a text shorter than 3 characters is its own single shingle. */
export function shingles(normalized: string): Set<string> {
  const chars = [...normalized];
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length < 3) {
    out.add(normalized);
    return out;
  }
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return out;
}

/** Jaccard similarity of two texts' shingle sets (after normalisation); 0 when either is empty. */
export function textSimilarity(a: string, b: string): number {
  const x = shingles(normalizeText(a));
  const y = shingles(normalizeText(b));
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const s of x) if (y.has(s)) common++;
  return common / (x.size + y.size - common);
}

function sortedJaccard(x: Int32Array, y: Int32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      common++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return common / (x.length + y.length - common);
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

export interface NearDuplicateResult {
  /** Groups of input indices (each >= 2, ascending); linked by similarity >= threshold, transitively. */
  groups: number[][];
  /** Exact Jaccard computations made: shows the work grows with real candidates, not with n². */
  comparisons: number;
}

/**
 * Groups texts that are near-duplicates (shingle Jaccard >= threshold) into connected clusters.
 * Texts empty after normalisation (emoji or links only) are never grouped: they carry nothing to copy.
 */
export function nearDuplicateGroups(texts: readonly string[], threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD): NearDuplicateResult {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`near-duplicate threshold must be in (0, 1], got ${threshold}`);
  // 1. Collapse identical normalised texts: they are similarity 1 with no shingle work.
  const uniqueOf = new Map<string, number>();
  const uniqueTexts: string[] = [];
  const docUnique = new Int32Array(texts.length).fill(-1);
  texts.forEach((t, i) => {
    const n = normalizeText(t);
    if (n === '') return;
    let u = uniqueOf.get(n);
    if (u === undefined) {
      u = uniqueTexts.length;
      uniqueOf.set(n, u);
      uniqueTexts.push(n);
    }
    docUnique[i] = u;
  });

  // 2. Shingle sets mapped to ranks: rarest shingle first (ties by the shingle text, for determinism).
  const sets = uniqueTexts.map((t) => [...shingles(t)]);
  const freq = new Map<string, number>();
  for (const s of sets) for (const g of s) freq.set(g, (freq.get(g) ?? 0) + 1);
  const order = [...freq.keys()].sort((a, b) => freq.get(a)! - freq.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map<string, number>(order.map((g, i) => [g, i]));
  const ranked = sets.map((s) => Int32Array.from(s.map((g) => rank.get(g)!)).sort());

  // 3. AllPairs: visit sets smallest first; probe the inverted index of earlier prefixes with this prefix.
  const parent = Int32Array.from(uniqueTexts.keys());
  const visit = [...ranked.keys()].sort((a, b) => ranked[a]!.length - ranked[b]!.length || a - b);
  const inverted = new Map<number, number[]>();
  // Sets come smallest first, so a later probe y has |y| >= |x|: x need only index its shorter "mid prefix"
  // (|x| - ceil(2t/(1+t)·|x|) + 1 shingles) and stay findable by every y similar enough to it.
  const indexShare = (2 * threshold) / (1 + threshold);
  const triedBy = new Int32Array(uniqueTexts.length).fill(-1);
  let comparisons = 0;
  for (const x of visit) {
    const xs = ranked[x]!;
    const probe = xs.length - Math.ceil(threshold * xs.length - EPS) + 1;
    const minSize = threshold * xs.length - EPS;
    for (let k = 0; k < probe; k++) {
      const list = inverted.get(xs[k]!);
      if (!list) continue;
      for (const y of list) {
        // We want clusters, not every pair: once x is in y's cluster, comparing with y proves nothing new.
        // That keeps a big ring of mutual copies from costing one Jaccard per pair.
        if (triedBy[y] === x || ranked[y]!.length < minSize) continue;
        triedBy[y] = x;
        const rx = find(parent, x);
        const ry = find(parent, y);
        if (rx === ry) continue;
        comparisons++;
        if (sortedJaccard(xs, ranked[y]!) >= threshold - EPS) parent[rx] = ry;
      }
    }
    const indexed = xs.length - Math.ceil(indexShare * xs.length - EPS) + 1;
    for (let k = 0; k < indexed; k++) {
      const list = inverted.get(xs[k]!);
      if (list) list.push(x);
      else inverted.set(xs[k]!, [x]);
    }
  }

  // 4. Expand unique texts back to input indices, grouped by cluster root.
  const byRoot = new Map<number, number[]>();
  docUnique.forEach((u, i) => {
    if (u < 0) return;
    const root = find(parent, u);
    const g = byRoot.get(root);
    if (g) g.push(i);
    else byRoot.set(root, [i]);
  });
  const groups = [...byRoot.values()].filter((g) => g.length > 1).sort((a, b) => a[0]! - b[0]!);
  return { groups, comparisons };
}
