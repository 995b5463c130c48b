import { describe, expect, it } from 'vitest';
import { appealText, MAX_APPEAL_LENGTH } from './decisions.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('appeal text', () => {
  it('is trimmed and cut between whole characters when too long (an emoji on the cut stays whole or goes)', () => {
    const raw = `  ${'a'.repeat(MAX_APPEAL_LENGTH - 1)}🚀 and more  `;
    const text = appealText(raw);
    expect(text).not.toMatch(LONE_SURROGATE);
    expect(text.length).toBeLessThanOrEqual(MAX_APPEAL_LENGTH);
    expect(text.startsWith('a'.repeat(MAX_APPEAL_LENGTH - 1))).toBe(true);
    expect(appealText('  I did reply 🚀  ')).toBe('I did reply 🚀');
  });
});
