import { describe, expect, it } from 'vitest';
import { closestCommand } from './index.js';
import { unknownCommand } from './texts.js';

describe('the answer to a mistyped command in private', () => {
  it('suggests the command a small typo is close to, and nothing for a word far from all', () => {
    expect(closestCommand('strat')).toBeNull(); // two edits: too far for a five-letter command
    expect(closestCommand('stat')).toBe('start');
    expect(closestCommand('LINKX')).toBe('linkx');
    expect(closestCommand('myraids')).toBe('myraid');
    expect(closestCommand('settings')).toBeNull();
  });

  it('echoes what was typed escaped and cut, and points to /help', () => {
    expect(unknownCommand('<b>', null)).toBe('I don’t know /&lt;b&gt;. /help lists what I can do.');
    expect(unknownCommand('strat', 'start')).toContain('Did you mean /start?');
  });
});
