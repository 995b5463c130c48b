import { describe, expect, it } from 'vitest';
import { checkBioButton } from './callback-data.js';

describe('the Check button', () => {
  it('keeps the format of instructions already sent', () => {
    expect(checkBioButton.build()).toBe('linkx:check');
    expect(checkBioButton.match('linkx:check')).toBeUndefined();
    expect(checkBioButton.match('linkx:other')).toBeNull();
  });
});
