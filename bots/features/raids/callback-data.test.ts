import { describe, expect, it } from 'vitest';
import { claimButton } from './callback-data.js';

describe('the claim button', () => {
  it('keeps the format of cards already posted, so their buttons still work', () => {
    expect(claimButton.build({ raidId: '42' })).toBe('raid:claim:42');
    expect(claimButton.match('raid:claim:42')).toEqual({ raidId: '42' });
    expect(claimButton.match('raid:claim:x')).toBeNull();
  });

  it('fits Telegram’s 64 bytes for the largest bigint id', () => {
    expect(claimButton.build({ raidId: '9223372036854775807' }).length).toBeLessThanOrEqual(64);
  });
});
