import { describe, expect, it } from 'vitest';
import { MAX_RAID_MINUTES, MIN_RAID_MINUTES } from '../groups/index.js';
import { parseDuration, parsePostUrl, parseRaidCommand } from './raid-command.js';

const ID = '1850000000000000000';

describe('parsePostUrl', () => {
  it.each([
    [`https://x.com/warhorn/status/${ID}`, 'warhorn'],
    [`https://twitter.com/warhorn/status/${ID}?s=20&t=abc`, 'warhorn'],
    [`https://mobile.twitter.com/warhorn/status/${ID}/`, 'warhorn'],
    [`https://mobile.x.com/Warhorn_1/status/${ID}`, 'Warhorn_1'],
    [`https://www.x.com/warhorn/statuses/${ID}#frag`, 'warhorn'],
    [`http://WWW.Twitter.com/warhorn/status/${ID}/photo/1`, 'warhorn'],
    [`x.com/warhorn/status/${ID}`, 'warhorn'],
  ])('accepts %s', (url, author) => {
    expect(parsePostUrl(url)).toEqual({ ok: true, postId: ID, author });
  });

  it('accepts /i/web/status/ID without an author', () => {
    expect(parsePostUrl(`https://x.com/i/web/status/${ID}?ref=1`)).toEqual({ ok: true, postId: ID });
    expect(parsePostUrl(`https://x.com/i/status/${ID}`)).toEqual({ ok: true, postId: ID });
  });

  it.each([
    `https://example.com/warhorn/status/${ID}`,
    `https://x.com.evil.io/warhorn/status/${ID}`,
    `https://x.com/warhorn`,
    `https://x.com/warhorn/status/abc`,
    `https://x.com/warhorn/status/-5`,
    `https://x.com/warhorn/status/${ID}/extra/stuff`,
    `https://x.com/this_handle_is_too_long/status/${ID}`,
    `ftp://x.com/warhorn/status/${ID}`,
    `https://user:pw@x.com/warhorn/status/${ID}`,
    'not a url at all',
  ])('refuses %s', (url) => {
    expect(parsePostUrl(url)).toMatchObject({ ok: false, refusal: { reason: expect.any(String) } });
  });
});

describe('parseDuration', () => {
  it('reads minutes, hours and days within 5m..7d', () => {
    expect(parseDuration('5m')).toEqual({ ok: true, minutes: 5 });
    expect(parseDuration('2h')).toEqual({ ok: true, minutes: 120 });
    expect(parseDuration('7d')).toEqual({ ok: true, minutes: 10080 });
    expect(parseDuration('4m').ok).toBe(false);
    expect(parseDuration('8d').ok).toBe(false);
    expect(parseDuration('30').ok).toBe(false);
    expect(parseDuration('1w').ok).toBe(false);
  });

  it('accepts exactly the bounds of a group’s default raid length (one constant, owned by groups)', () => {
    expect(parseDuration(`${MIN_RAID_MINUTES}m`)).toEqual({ ok: true, minutes: MIN_RAID_MINUTES });
    expect(parseDuration(`${MAX_RAID_MINUTES}m`)).toEqual({ ok: true, minutes: MAX_RAID_MINUTES });
    expect(parseDuration(`${MIN_RAID_MINUTES - 1}m`).ok).toBe(false);
    expect(parseDuration(`${MAX_RAID_MINUTES + 1}m`).ok).toBe(false);
  });
});

describe('parseRaidCommand', () => {
  const url = `https://x.com/warhorn/status/${ID}`;

  it('parses targets, duration, lock and pool', () => {
    expect(parseRaidCommand(`/raid@WarhornBot ${url} replies=20 likes=50 reposts=5 quotes=1 bookmarks=3 for=1h lock pool=250.5 USDT`)).toEqual({
      ok: true,
      postId: ID,
      author: 'warhorn',
      targets: { replies: 20, likes: 50, reposts: 5, quotes: 1, bookmarks: 3 },
      durationMinutes: 60,
      lock: true,
      pool: { amount: '250.5', token: 'USDT' },
    });
  });

  it('uses the group defaults for duration and lock', () => {
    const r = parseRaidCommand(`/raid ${url} replies=1`, { durationMinutes: 45, lock: true });
    expect(r).toMatchObject({ ok: true, durationMinutes: 45, lock: true, targets: { replies: 1, likes: 0 } });
    expect(r).not.toHaveProperty('pool');
  });

  it('reads pool with the token glued on, without a token, and before lock', () => {
    expect(parseRaidCommand(`/raid ${url} likes=1 pool=100USDC`)).toMatchObject({ pool: { amount: '100', token: 'USDC' } });
    expect(parseRaidCommand(`/raid ${url} likes=1 pool=100 lock`)).toMatchObject({ pool: { amount: '100' }, lock: true });
    expect(parseRaidCommand(`/raid ${url} pool=7 replies=2`)).toMatchObject({ pool: { amount: '7' }, targets: { replies: 2 } });
  });

  it.each([
    ['/raid', 'no_link'],
    [`/raid https://x.com/warhorn replies=1`, 'not_a_single_post'],
    [`/raid ${url} replies=-5`, 'bad_target'],
    [`/raid ${url} likes=ten`, 'bad_target'],
    [`/raid ${url} likes=100001`, 'bad_target'],
    [`/raid ${url} likes=1.5`, 'bad_target'],
    [`/raid ${url} follows=3`, 'unknown_option'],
    [`/raid ${url} replies=0`, 'no_target'],
    [`/raid ${url}`, 'no_target'],
    [`/raid ${url} replies=1 replies=2`, 'given_twice'],
    [`/raid ${url} replies=1 for=2m`, 'bad_duration'],
    [`/raid ${url} replies=1 for=soon`, 'bad_duration'],
    [`/raid ${url} replies=1 pool=0 USDT`, 'bad_pool_amount'],
    [`/raid ${url} replies=1 pool=-3`, 'bad_pool_amount'],
    [`/raid ${url} replies=1 please`, 'not_an_option'],
  ])('refuses %s with a reason code (the words are the bot\'s)', (text, reason) => {
    const r = parseRaidCommand(text);
    expect(r).toMatchObject({ ok: false, refusal: { reason } });
  });
});

describe('refusals that repeat what was typed', () => {
  it('carry at most a few dozen characters of it, so the answer can always be sent', () => {
    const url = 'https://x.com/proj/status/1790000000000000001';
    const long = 'ü'.repeat(5000);
    for (const text of [`/raid ${url} ${long}=1`, `/raid ${url} replies=${long}`, `/raid ${long}`, `/raid ${url} for=${long}`]) {
      const parsed = parseRaidCommand(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(JSON.stringify(parsed.refusal).length).toBeLessThan(200);
    }
  });
});
