// Which groups a search result goes to: a post found by a shared query reaches a group only for the group's
// own terms, matched as X matches them, and only when it passes the group's follower and language settings.
import { describe, expect, it } from 'vitest';
import { createClock } from '../../../testkit/x/clock.js';
import { matches, parseQuery } from '../../../testkit/x/search-query.js';
import { World } from '../../../testkit/x/world.js';
import { matchedTerms, passesFilters } from './matching.js';
import { xPost, type PostSpec } from './posts.test-support.js';
import { parseTerm, termText, type Term } from './terms.js';

const t = (input: string): Term => {
  const r = parseTerm(input);
  if (!r.ok) throw new Error(r.reason);
  return r.term;
};
const matched = (text: string, inputs: string[], entities?: PostSpec['entities']) =>
  matchedTerms(xPost({ text, ...(entities ? { entities } : {}) }), inputs.map(t)).map(termText);

describe('matchedTerms', () => {
  it('routes a post to the terms it contains, in the order the group lists them', () => {
    expect(matched('gm $WAR holders, #Warhorn raid NOW', ['#warhorn', '$war', '"raid now"', '@warhornapp', 'gm'])).toEqual(['#warhorn', '$war', '"raid now"', 'gm']);
    expect(matched('nothing here', ['$war', 'gm'])).toEqual([]);
  });

  it('matches cashtags, hashtags and accounts as whole tokens, not inside longer ones', () => {
    expect(matched('buying $WARP today', ['$war'])).toEqual([]);
    expect(matched('thread about #warhornDAO', ['#warhorn'])).toEqual([]);
    expect(matched('cc @warhornapp_dev', ['@warhornapp'])).toEqual([]);
    expect(matched('$war.', ['$war'])).toEqual(['$war']);
    expect(matched('(#WARHORN)', ['#warhorn'])).toEqual(['#warhorn']);
    // Without its sigil the word is not the entity.
    expect(matched('war is coming', ['$war', '#war'])).toEqual([]);
  });

  it('trusts the entities X sent over the text when there are any', () => {
    // X saw no cashtag here (it sits in a link), and it saw the mention by its handle.
    const entities = { urls: [{ start: 0, end: 23, url: 'https://t.co/x', expandedUrl: 'https://a.io/$war', displayUrl: 'a.io/$war' }], mentions: [{ start: 24, end: 35, username: 'WarhornApp' }] };
    expect(matched('https://a.io/$war and @WarhornApp', ['$war', '@warhornapp'], entities)).toEqual(['@warhornapp']);
    expect(matched('gm', ['$war'], { cashtags: [{ start: 0, end: 4, tag: 'WAR' }] })).toEqual(['$war']);
  });

  it('reads entities from the text exactly as the X fake does when the read brought none', () => {
    const world = new World(createClock());
    const ana = world.createUser({ username: 'ana' });
    const texts = ['gm $WAR holders', 'buying $WARP today', '#Warhorn!', 'x#warhorn y', '@ana_b hi', 'mail a@ana.io', '$war$btc', '$1000 $war_2', '#ビットコイン 上昇', 'RT @ana: #WAR'];
    const terms = ['$war', '$warp', '$btc', '#warhorn', '#ビットコイン', '#war', '@ana', '@ana_b'].map(t);
    for (const text of texts) {
      const record = world.posts.get(world.post(ana, text).id)!;
      const byFake = terms.filter((term) => matches(parseQuery(world, termText(term)), record)).map(termText);
      expect(matchedTerms(xPost({ text }), terms).map(termText), text).toEqual(byFake);
    }
  });

  it('matches keywords as whole words, whatever the case and the punctuation around them', () => {
    expect(matched('Warhorn is live', ['warhorn'])).toEqual(['warhorn']);
    expect(matched('see warhorn.app, #warhorn', ['warhorn'])).toEqual(['warhorn']);
    expect(matched('WARHORN!!!', ['warhorn'])).toEqual(['warhorn']);
    // The fake matches words as substrings, so a shared query may bring these: they are not this term's.
    expect(matched('warhorns everywhere', ['warhorn'])).toEqual([]);
    expect(matched('prewarhorn', ['warhorn'])).toEqual([]);
  });

  it('matches a phrase as its words in a row', () => {
    expect(matched('Time to RAID,  now!', ['"raid now"'])).toEqual(['"raid now"']);
    expect(matched('raid right now', ['"raid now"'])).toEqual([]);
    expect(matched('now raid', ['"raid now"'])).toEqual([]);
    expect(matched('web3 gaming is back', ['"web3-gaming"'])).toEqual(['"web3-gaming"']);
    expect(matched('raid nowhere', ['"raid now"'])).toEqual([]);
  });
});

describe('passesFilters', () => {
  const any = { minFollowers: 0, lang: null };
  it('lets every post through a group with no settings, even from an author X did not describe', () => {
    expect(passesFilters(xPost({ author: null, lang: null }), any)).toBe(true);
  });

  it('needs the author to have at least the minimum followers, and an author X described', () => {
    const min = { ...any, minFollowers: 100 };
    expect(passesFilters(xPost({ author: { followers: 100 } }), min)).toBe(true);
    expect(passesFilters(xPost({ author: { followers: 99 } }), min)).toBe(false);
    expect(passesFilters(xPost({ author: null }), min)).toBe(false);
  });

  it('needs the language the group chose, its regional variants included', () => {
    const en = { ...any, lang: 'en' };
    expect(passesFilters(xPost({ lang: 'en' }), en)).toBe(true);
    expect(passesFilters(xPost({ lang: 'en-GB' }), en)).toBe(true);
    expect(passesFilters(xPost({ lang: 'es' }), en)).toBe(false);
    expect(passesFilters(xPost({ lang: 'und' }), en)).toBe(false);
    expect(passesFilters(xPost({ lang: null }), en)).toBe(false);
    expect(passesFilters(xPost({ lang: 'EN' }), en)).toBe(true);
  });
});
