// What `/mentions add …` accepts, how it is stored, and what an admin is told when a term cannot be followed.
import { describe, expect, it } from 'vitest';
import { MAX_TERM_LENGTH, parseTerm, termLabel, termText, type Term } from './terms.js';

const term = (input: string): Term => {
  const r = parseTerm(input);
  if (!r.ok) throw new Error(`refused ${input}: ${r.reason}`);
  return r.term;
};
const reason = (input: string): string => {
  const r = parseTerm(input);
  if (r.ok) throw new Error(`accepted ${input} as ${JSON.stringify(r.term)}`);
  return r.reason;
};

describe('parseTerm', () => {
  it('reads each kind of term, however the admin capitalised it', () => {
    expect(term('$WAR')).toEqual({ kind: 'cashtag', value: 'war' });
    expect(term('#WarHorn')).toEqual({ kind: 'hashtag', value: 'warhorn' });
    expect(term('@WarhornApp')).toEqual({ kind: 'mention', value: 'warhornapp' });
    expect(term('Warhorn')).toEqual({ kind: 'keyword', value: 'warhorn' });
    expect(term('"Raid   NOW "')).toEqual({ kind: 'phrase', value: 'raid now' });
    expect(term('  $war  ')).toEqual({ kind: 'cashtag', value: 'war' });
  });

  it('gives two groups writing the same term differently the same term, so they share one query', () => {
    for (const [a, b] of [['$WAR', '$war'], ['#WARHORN', '#warhorn'], ['"raid now"', '" Raid\tNow"'], ['"warhorn"', 'warhorn']]) {
      expect(termText(term(a!))).toBe(termText(term(b!)));
    }
  });

  it('accepts cashtags of X’s form only: $ and a letter, then up to 5 letters or underscores', () => {
    for (const ok of ['$A', '$WAR', '$ABCDEF', '$W_A']) expect(parseTerm(ok).ok, ok).toBe(true);
    for (const bad of ['$1', '$1INCH', '$ABCDEFG', '$', '$WAR!', '$wär']) expect(reason(bad), bad).toMatch(/cashtag is \$ and a letter/);
  });

  it('refuses hashtags of digits only, which X does not treat as hashtags', () => {
    expect(reason('#2024')).toMatch(/needs a letter/);
    expect(term('#web3')).toEqual({ kind: 'hashtag', value: 'web3' });
    expect(term('#ビットコイン')).toEqual({ kind: 'hashtag', value: 'ビットコイン' });
    expect(reason('#')).toMatch(/hashtag is #/);
    expect(reason('#war-horn')).toMatch(/hashtag is #/);
  });

  it('refuses an account that is not a valid X handle', () => {
    expect(term('@a')).toEqual({ kind: 'mention', value: 'a' });
    expect(term('@abcdefghij12345')).toEqual({ kind: 'mention', value: 'abcdefghij12345' });
    for (const bad of ['@', '@abcdefghij123456', '@war.horn', '@wär']) expect(reason(bad), bad).toMatch(/1 to 15 letters/);
  });

  it('refuses keywords shorter than 2 characters, and points at quotes for anything that is not one word', () => {
    expect(reason('a')).toMatch(/at least 2/);
    expect(term('gm')).toEqual({ kind: 'keyword', value: 'gm' });
    expect(term('Ethereum2')).toEqual({ kind: 'keyword', value: 'ethereum2' });
    expect(reason('web3-gaming')).toBe('A keyword is one word of letters and digits. For anything else, use quotes: "web3-gaming".');
    expect(term('"web3-gaming"')).toEqual({ kind: 'phrase', value: 'web3-gaming' });
    expect(reason('raid now')).toBe('One term at a time. To follow words together, put them in quotes: "raid now".');
  });

  it('refuses the query language’s operators, which would change the shared query for every group', () => {
    expect(reason('$war OR $btc')).toMatch(/^OR combines terms/);
    expect(reason('-scam')).toMatch(/cannot be negated/);
    expect(reason('($war')).toMatch(/Parentheses/);
    expect(reason('war)')).toMatch(/Parentheses/);
    expect(reason('from:elonmusk')).toMatch(/Operators like from: are not terms/);
    expect(reason('lang:en')).toMatch(/Operators like lang: are not terms/);
    expect(reason('is:retweet')).toMatch(/Operators like is:/);
    expect(reason('$war -is:retweet')).toMatch(/cannot be negated/);
    // Inside quotes they are words of a phrase, as on X.
    expect(term('"buy or sell"')).toEqual({ kind: 'phrase', value: 'buy or sell' });
  });

  it('refuses empty input and broken quotes', () => {
    expect(reason('')).toMatch(/Give a term/);
    expect(reason('   ')).toMatch(/Give a term/);
    expect(reason('"raid now')).toMatch(/closing quote/);
    expect(reason('"')).toMatch(/closing quote/);
    expect(reason('""')).toMatch(/at least one word/);
    expect(reason('"  "')).toMatch(/at least one word/);
    expect(reason('"🚀 🚀"')).toMatch(/at least one word/);
    expect(reason('"raid" "now"')).toMatch(/cannot contain quote/);
    expect(reason('war"horn')).toMatch(/quote mark/);
  });

  it('refuses a phrase too long to fit a query beside others', () => {
    const longest = `"${'raid '.repeat(30).slice(0, MAX_TERM_LENGTH - 3)}x"`;
    expect(longest.length).toBe(MAX_TERM_LENGTH);
    expect(parseTerm(longest).ok).toBe(true);
    expect(reason(`"${'raid '.repeat(30).slice(0, MAX_TERM_LENGTH - 2)}x"`)).toMatch(new RegExp(`most a term may have is ${MAX_TERM_LENGTH}`));
    expect(reason('x'.repeat(MAX_TERM_LENGTH + 1))).toMatch(/too long|most a term/);
  });
});

describe('termText and termLabel', () => {
  it('write each kind in its query form, and cashtags as tickers for display', () => {
    const cases: Array<[string, string, string]> = [
      ['$war', '$war', '$WAR'],
      ['#WarHorn', '#warhorn', '#warhorn'],
      ['@WarhornApp', '@warhornapp', '@warhornapp'],
      ['Warhorn', 'warhorn', 'warhorn'],
      ['"Raid now"', '"raid now"', '"raid now"'],
    ];
    for (const [input, text, label] of cases) {
      expect(termText(term(input))).toBe(text);
      expect(termLabel(term(input))).toBe(label);
    }
  });

  it('give back the same term when the stored query form is read again', () => {
    for (const input of ['$WAR', '#web3', '@a_b', 'gm', '"to the moon"', '"web3-gaming"', '"$war now"']) {
      const t = term(input);
      expect(term(termText(t))).toEqual(t);
    }
  });
});
