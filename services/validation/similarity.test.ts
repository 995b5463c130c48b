import { describe, expect, it } from 'vitest';
import { nearDuplicateGroups, normalizeText, shingles, textSimilarity } from './similarity.js';

describe('normalizeText', () => {
  it('drops urls, mentions, emoji and punctuation, lowercases and collapses spaces', () => {
    expect(normalizeText('@warhorn LFG!!! 🚀🚀 This is HUGE https://t.co/abc  www.x.io/y #Web3 $WAR')).toBe('lfg this is huge web3 war');
    expect(normalizeText('👍🏽❤️‍🔥')).toBe('');
  });

  it('folds full-width letters and keeps accents and other scripts', () => {
    expect(normalizeText('ＧＭ Café')).toBe('gm café');
    expect(normalizeText('Привет, мир!')).toBe('привет мир');
  });
});

describe('shingles and textSimilarity', () => {
  it('makes character 3-grams, and one shingle for very short texts', () => {
    expect([...shingles('abcd')]).toEqual(['abc', 'bcd']);
    expect([...shingles('gm')]).toEqual(['gm']);
    expect(shingles('').size).toBe(0);
  });

  it('scores copies with cosmetic changes as near 1 and different texts low', () => {
    expect(textSimilarity('@a This project is going to the moon!', 'this project is going to the moon 🚀 @b')).toBe(1);
    expect(textSimilarity('This project is going to the moon, amazing team', 'This project is going to the moon, amazing team!!')).toBe(1);
    expect(textSimilarity('This project is going to the moon', 'I doubt the tokenomics hold up')).toBeLessThan(0.2);
    expect(textSimilarity('🚀', '🚀')).toBe(0);
  });
});

describe('nearDuplicateGroups', () => {
  it('groups exact and near copies transitively, leaving original texts alone', () => {
    const texts = [
      'Warhorn is the best raid bot on Telegram, period.', // 0
      'I like the roadmap but the docs need work', // 1
      'warhorn is the best raid bot on telegram period!!', // 2 exact after normalisation
      'Warhorn is the best raid bot on Telegram, period. 🔥 @friend', // 3
      'Warhorn is the best raid bot on Telegram period yes', // 4 near
      '🚀🚀🚀', // 5 empty after normalisation
      '🚀🚀🚀', // 6
    ];
    expect(nearDuplicateGroups(texts).groups).toEqual([[0, 2, 3, 4]]);
  });

  it('respects the threshold', () => {
    const a = 'the team shipped the staking dashboard today';
    const b = 'the team shipped the staking dashboard yesterday';
    const s = textSimilarity(a, b);
    expect(nearDuplicateGroups([a, b], s).groups).toEqual([[0, 1]]);
    expect(nearDuplicateGroups([a, b], Math.min(1, s + 0.01)).groups).toEqual([]);
    expect(() => nearDuplicateGroups([a], 0)).toThrow(RangeError);
  });

  it('finds every pair a brute-force scan finds (random texts, several thresholds)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const words = ['moon', 'gm', 'wagmi', 'team', 'ship', 'token', 'raid', 'based', 'lfg', 'bullish'];
    const base = Array.from({ length: 40 }, () => Array.from({ length: 4 + Math.floor(rand() * 5) }, () => words[Math.floor(rand() * words.length)]).join(' '));
    const texts = base.flatMap((t) => [t, rand() < 0.5 ? `${t} ${words[Math.floor(rand() * words.length)]}` : t.slice(0, -1)]);
    for (const t of [0.5, 0.7, 0.85, 1]) {
      const brute = new Map<number, Set<number>>();
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          if (textSimilarity(texts[i]!, texts[j]!) >= t - 1e-9) {
            brute.set(i, (brute.get(i) ?? new Set()).add(j));
          }
        }
      }
      const { groups } = nearDuplicateGroups(texts, t);
      const groupOf = new Map<number, number>();
      groups.forEach((g, gi) => g.forEach((i) => groupOf.set(i, gi)));
      for (const [i, js] of brute) for (const j of js) expect(groupOf.get(i), `t=${t} ${i}~${j}`).toBe(groupOf.get(j));
    }
  });

  it('handles 5,000 replies with a copy ring without comparing all pairs', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `reply ${i.toString(36)} about feature ${(i * 7919).toString(36)} and ${(i * 104729).toString(36)}`);
    for (let i = 0; i < 50; i++) texts[i * 100] = `Copied shill text number one, buy now friends ${i % 3 === 0 ? '!!' : ''}`;
    const { groups, comparisons } = nearDuplicateGroups(texts);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(50);
    expect(comparisons).toBeLessThan(5000 * 20);
  });
});
