import { describe, expect, it } from 'vitest';
import { parseRaidCommand } from '../../../services/raids/index.js';
import { escapeHtml } from '../../html.js';
import { RAID_USAGE, raidCommandInvalid, raidCommandRefusal } from './texts.js';

// The words of a refused /raid: what is wrong, said so that it can be fixed, and how the command is written.
describe('a /raid that does not parse', () => {
  const url = 'https://x.com/warhorn/status/1850000000000000000';

  it.each([
    ['/raid', /link of the X post/],
    [`/raid https://x.com/warhorn replies=1`, /single X post/],
    [`/raid ${url} replies=-5`, /^replies must be a whole number/],
    [`/raid ${url} likes=ten`, /^likes must be a whole number.*"ten"/],
    [`/raid ${url} likes=100001`, /^likes must be/],
    [`/raid ${url} likes=1.5`, /^likes must be/],
    [`/raid ${url} follows=3`, /unknown option "follows"/],
    [`/raid ${url} replies=0`, /at least one target/],
    [`/raid ${url}`, /at least one target/],
    [`/raid ${url} replies=1 replies=2`, /replies is given twice/],
    [`/raid ${url} replies=1 for=2m`, /for= must be/],
    [`/raid ${url} replies=1 for=soon`, /for= must be.*"soon"/],
    [`/raid ${url} replies=1 pool=0 USDT`, /pool must be a positive amount/],
    [`/raid ${url} replies=1 pool=-3`, /pool must be/],
    [`/raid ${url} replies=1 please`, /"please" is not an option/],
  ])('refuses %s with a reason and the usage', (text, error) => {
    const r = parseRaidCommand(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(raidCommandRefusal(r.refusal)).toMatch(error);
      expect(raidCommandInvalid(r.refusal).endsWith(escapeHtml(RAID_USAGE))).toBe(true);
    }
  });
});

describe('errors that repeat what was typed', () => {
  it('repeat at most a few dozen characters, so the answer can always be sent', () => {
    const url = 'https://x.com/proj/status/1790000000000000001';
    const long = 'ü'.repeat(5000);
    for (const text of [`/raid ${url} ${long}=1`, `/raid ${url} replies=${long}`, `/raid ${long}`, `/raid ${url} for=${long}`]) {
      const parsed = parseRaidCommand(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(raidCommandRefusal(parsed.refusal).length).toBeLessThan(200);
    }
  });
});
