// How the groups' terms become X queries: few of them, each within X's length limit, read the way X (and
// the fake) reads them, and moving as little as possible when an admin adds or removes a term, since each
// query's cursor goes with it.
import { describe, expect, it } from 'vitest';
import { createClock } from '../../../testkit/x/clock.js';
import { matches, parseQuery } from '../../../testkit/x/search-query.js';
import { World } from '../../../testkit/x/world.js';
import { queryText, repack, type PackOptions, type Repack, type StoredQuery } from './packing.js';
import { parseTerm, termText } from './terms.js';

const opts: PackOptions = { maxLength: 512, suffix: '-is:retweet' };
const world = new World(createClock());
const parsesOk = (query: string) => {
  try {
    parseQuery(world, query);
    return true;
  } catch {
    return false;
  }
};

/** What the caller does with a repack: store the new queries under fresh ids. */
function apply(r: Repack, next: { id: number }): StoredQuery[] {
  return [...r.keep, ...r.create.map((c) => ({ id: String(next.id++), terms: c.terms }))];
}
const changed = (before: StoredQuery[], r: Repack) => {
  const was = new Map(before.map((q) => [q.id, q.terms.join('|')]));
  return r.keep.filter((q) => was.get(q.id) !== q.terms.join('|')).length + r.create.length + r.drop.length;
};

describe('queryText', () => {
  it('ORs the terms inside parentheses so the suffix narrows every one of them', () => {
    expect(queryText(['$war'], '-is:retweet')).toBe('$war -is:retweet');
    expect(queryText(['$war', '#warhorn', '"raid now"'], '-is:retweet')).toBe('($war OR #warhorn OR "raid now") -is:retweet');
    expect(queryText(['$war', 'gm'], '')).toBe('$war OR gm');
    expect(() => queryText([], '-is:retweet')).toThrow(RangeError);
  });

  it('means in the fake what it says: any of the terms, reposts left out', () => {
    const w = new World(createClock());
    const ana = w.createUser({ username: 'ana' });
    w.post(ana, 'gm $WAR holders');
    w.post(ana, 'time to RAID NOW friends');
    const hashtag = w.post(ana, 'hello #Warhorn');
    w.repost(ana, hashtag.id);
    w.post(ana, 'nothing to see @warhornapp_not');
    w.post(ana, 'a $warp post');
    const matched = (q: string) => [...w.posts.values()].filter((p) => matches(parseQuery(w, q), p)).map((p) => p.text).sort();
    expect(matched(queryText(['$war', '#warhorn', '"raid now"', '@warhornapp'], '-is:retweet'))).toEqual(['gm $WAR holders', 'hello #Warhorn', 'time to RAID NOW friends']);
    expect(matched(queryText(['#warhorn'], '-is:retweet'))).toEqual(['hello #Warhorn']);
    expect(matched(queryText(['#warhorn'], ''))).toEqual(['RT @ana: hello #Warhorn', 'hello #Warhorn']);
  });
});

describe('repack', () => {
  it('packs new terms into as few queries as fit, and reads them all', () => {
    const wanted = new Set(Array.from({ length: 100 }, (_, i) => `#tag${String(i).padStart(3, '0')}`));
    const r = repack([], wanted, opts);
    expect(r.keep).toEqual([]);
    expect(r.drop).toEqual([]);
    // Each `#tagNNN OR ` is 11 characters: about 45 fit in 512 beside the suffix.
    expect(r.create.length).toBe(3);
    for (const q of r.create) expect(queryText(q.terms, opts.suffix).length).toBeLessThanOrEqual(512);
    expect(r.create.flatMap((q) => q.terms).sort()).toEqual([...wanted].sort());
  });

  it('takes a removed term out of its query only, and drops a query left empty', () => {
    const existing = [{ id: '1', terms: ['$war', '#warhorn'] }, { id: '2', terms: ['gm'] }];
    expect(repack(existing, new Set(['$war', 'gm']), opts)).toEqual({ keep: [{ id: '1', terms: ['$war'] }, { id: '2', terms: ['gm'] }], create: [], drop: [], unfit: [] });
    expect(repack(existing, new Set(['$war', '#warhorn']), opts)).toEqual({ keep: [{ id: '1', terms: ['$war', '#warhorn'] }], create: [], drop: ['2'], unfit: [] });
    expect(repack(existing, new Set(), opts)).toEqual({ keep: [], create: [], drop: ['1', '2'], unfit: [] });
  });

  it('adds a new term to the fullest query with room before starting a new one', () => {
    const existing = [{ id: '1', terms: ['$war'] }, { id: '2', terms: ['#warhorn', '"raid now"'] }];
    const r = repack(existing, new Set(['$war', '#warhorn', '"raid now"', '@warhornapp']), opts);
    expect(r).toEqual({ keep: [{ id: '1', terms: ['$war'] }, { id: '2', terms: ['#warhorn', '"raid now"', '@warhornapp'] }], create: [], drop: [], unfit: [] });
    const full = { id: '3', terms: ['"' + 'x'.repeat(480) + '"'] };
    const tight = repack([full], new Set([...full.terms, '"raid now"']), { ...opts, maxLength: 500 });
    expect(tight.keep).toEqual([full]);
    expect(tight.create).toEqual([{ terms: ['"raid now"'] }]);
  });

  it('fills a query up to the limit exactly, counting the parentheses a second term brings', () => {
    expect(queryText(['$war', 'gm'], '-is:retweet')).toHaveLength(24);
    expect(repack([{ id: '1', terms: ['$war'] }], new Set(['$war', 'gm']), { ...opts, maxLength: 24 }).keep).toEqual([{ id: '1', terms: ['$war', 'gm'] }]);
    expect(repack([{ id: '1', terms: ['$war'] }], new Set(['$war', 'gm']), { ...opts, maxLength: 23 }).create).toEqual([{ terms: ['gm'] }]);
    expect(repack([{ id: '1', terms: ['$war', 'gm'] }], new Set(['$war', 'gm', 'xy']), { ...opts, maxLength: 30 }).keep).toEqual([{ id: '1', terms: ['$war', 'gm', 'xy'] }]);
    expect(repack([{ id: '1', terms: ['$war', 'gm'] }], new Set(['$war', 'gm', 'xy']), { ...opts, maxLength: 29 }).create).toEqual([{ terms: ['xy'] }]);
  });

  it('keeps a term found in two stored queries only in the lower id, so it is not read twice', () => {
    const r = repack([{ id: '10', terms: ['$war', 'gm'] }, { id: '9', terms: ['$war', '$war'] }], new Set(['$war', 'gm']), opts);
    expect(r).toEqual({ keep: [{ id: '9', terms: ['$war'] }, { id: '10', terms: ['gm'] }], create: [], drop: [], unfit: [] });
  });

  it('splits queries too long for a lowered limit instead of sending what X would refuse', () => {
    const terms = Array.from({ length: 60 }, (_, i) => `keyword${String(i).padStart(2, '0')}`);
    const r = repack([{ id: '1', terms }], new Set(terms), opts);
    expect(r.keep[0]!.terms.length).toBeLessThan(60);
    expect(r.keep[0]!.terms).toEqual(terms.slice(0, r.keep[0]!.terms.length));
    expect([...r.keep, ...r.create].flatMap((q) => q.terms).sort()).toEqual(terms);
    for (const q of [...r.keep, ...r.create]) expect(queryText(q.terms, opts.suffix).length).toBeLessThanOrEqual(512);
  });

  it('leaves out, and names, a term no query can hold, rather than failing every group', () => {
    const long = '"' + 'raid '.repeat(20).trim() + '"';
    const r = repack([{ id: '1', terms: [long] }], new Set([long, '$war']), { ...opts, maxLength: 60 });
    expect(r).toEqual({ keep: [], create: [{ terms: ['$war'] }], drop: ['1'], unfit: [long] });
  });

  it('answers the same whatever order the queries and terms come in', () => {
    const existing = [{ id: '2', terms: ['gm', '$btc'] }, { id: '1', terms: ['$war'] }];
    const a = repack(existing, new Set(['$war', 'gm', '#new', '"a b"', 'zz']), opts);
    const b = repack([...existing].reverse(), new Set(['zz', '"a b"', '#new', 'gm', '$war']), opts);
    expect(b).toEqual(a);
  });
});

describe('repack over random terms (seeded)', () => {
  it('covers every wanted term once, stays within the limit, parses in the fake, and changes one query per added or removed term', () => {
    const rand = mulberry32(20261204);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const letters = (min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => pick('abcdefghijklmnopqrstuvwxyz_'.split(''))).join('');
    const randomTerm = (longest: number): string => {
      const raw = pick([
        () => `$${pick('abcdefghij'.split(''))}${letters(0, 5)}`,
        () => `#${pick('abc'.split(''))}${letters(0, 20)}`,
        () => `@${letters(1, 15)}`,
        () => `k${letters(1, 12)}`,
        () => `"${Array.from({ length: 2 + Math.floor(rand() * 4) }, () => `w${letters(1, 9)}`).join(' ')}"`,
        // Long phrases, up to the longest a term may be: the hard ones to place.
        () => `"${Array.from({ length: 16 }, () => `w${letters(3, 9)}`).join(' ').slice(0, 60 + Math.floor(rand() * 66))}"`,
      ])();
      const parsed = parseTerm(raw);
      return parsed.ok && termText(parsed.term).length <= longest ? termText(parsed.term) : randomTerm(longest);
    };

    // The small limits make queries brush against the bound all the time.
    for (const options of [opts, { maxLength: 4096, suffix: '-is:retweet lang:en' }, { maxLength: 140, suffix: '' }, { maxLength: 40, suffix: '-is:retweet' }]) {
      const longest = options.maxLength - options.suffix.length - 1;
      let queries: StoredQuery[] = [];
      const wanted = new Set<string>();
      const next = { id: 1 };
      for (let step = 0; step < 400; step++) {
        const before = queries;
        const single = step % 3 !== 0;
        if (single && wanted.size && rand() < 0.4) wanted.delete(pick([...wanted]));
        else if (single) wanted.add(randomTerm(longest));
        else for (let n = Math.floor(rand() * 30); n > 0; n--) rand() < 0.35 && wanted.size ? wanted.delete(pick([...wanted])) : wanted.add(randomTerm(longest));

        const r = repack(queries, wanted, options);
        expect(repack([...queries].reverse(), new Set([...wanted].reverse()), options)).toEqual(r);
        queries = apply(r, next);

        expect(r.unfit).toEqual([]);
        const covered = queries.flatMap((q) => q.terms);
        expect(covered.sort()).toEqual([...wanted].sort());
        const refused = queries.map((q) => queryText(q.terms, options.suffix)).filter((text) => text.length > options.maxLength || !parsesOk(text));
        expect(refused).toEqual([]);
        expect([...r.keep.map((q) => q.id), ...r.drop].sort()).toEqual(before.map((q) => q.id).sort());
        if (single) expect(changed(before, r)).toBeLessThanOrEqual(1);
      }
      expect(queries.length).toBeGreaterThan(1);
    }
  });
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
