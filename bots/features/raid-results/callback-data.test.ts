import { describe, expect, it } from 'vitest';
import { appealButton, reviewButton } from './callback-data.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';

const MAX_BIGINT = '9223372036854775807';

describe('the raid-results buttons', () => {
  it('keep the formats of messages already posted', () => {
    expect(appealButton.build({ raidId: '42' })).toBe('ap:42');
    expect(appealButton.match('ap:42')).toEqual({ raidId: '42' });
    expect(reviewButton.build({ raidId: '42', memberId: uid(7), decision: 'accept' })).toBe('rv:42:7:a');
    expect(reviewButton.build({ raidId: '42', memberId: uid(7), decision: 'reject' })).toBe('rv:42:7:r');
    expect(reviewButton.match('rv:42:7:r')).toEqual({ raidId: '42', memberId: uid(7), decision: 'reject' });
    expect(reviewButton.match('rv:42:7:x')).toBeNull();
  });

  it('fit Telegram’s 64 bytes for the largest ids (a Telegram id is at most 2^53 - 1)', () => {
    expect(() => reviewButton.build({ raidId: MAX_BIGINT, memberId: uid(Number.MAX_SAFE_INTEGER), decision: 'accept' })).not.toThrow();
    expect(() => appealButton.build({ raidId: MAX_BIGINT })).not.toThrow();
  });
});
