import { describe, expect, it } from 'vitest';
import type { KolStanding } from '../../../services/x-feeds/messages.js';
import { parseHtml } from '../../../testkit/telegram/html.js';
import { kolRankingText } from './kol-ranking.js';

const since = new Date('2025-03-03T00:00:00Z');
const until = new Date('2025-03-10T00:00:00Z');
const kol = (username: string, score: number, over: Partial<KolStanding> = {}): KolStanding => ({
  username, name: '', mentions: 1, likes: 0, reposts: 0, replies: 0, quotes: 0, impressions: null, score, bestPostUrl: null, ...over,
});

describe('the KOL ranking', () => {
  it('ranks by score with medals for the first three, counts, impressions when known and the best post', () => {
    const m = kolRankingText({
      kind: 'weekly', since, until,
      rows: [
        kol('third', 5),
        kol('first', 90, { name: 'First <One>', mentions: 3, likes: 1_234, reposts: 56, replies: 7, quotes: 8, impressions: 45_600, bestPostUrl: 'https://x.com/i/status/9' }),
        kol('fourth', 1),
        kol('second', 20),
      ],
    });
    expect(m.text.split('\n')).toEqual([
      '🏆 <b>Top KOLs this week</b>',
      'Mar 3 00:00 – Mar 10 00:00 UTC',
      '',
      '🥇 <a href="https://x.com/first">@first</a> (First &lt;One&gt;): 3 mentions · 1.2K likes · 56 reposts · 7 replies · 8 quotes · 45.6K impressions · <a href="https://x.com/i/status/9">best post</a>',
      '🥈 <a href="https://x.com/second">@second</a>: 1 mention · 0 likes · 0 reposts · 0 replies · 0 quotes',
      '🥉 <a href="https://x.com/third">@third</a>: 1 mention · 0 likes · 0 reposts · 0 replies · 0 quotes',
      '4. <a href="https://x.com/fourth">@fourth</a>: 1 mention · 0 likes · 0 reposts · 0 replies · 0 quotes',
    ]);
    expect(m.parse_mode).toBe('HTML');
    expect(m.link_preview_options).toEqual({ is_disabled: true });
  });

  it('titles an on-demand ranking apart from the digest, and says so helpfully when nobody posted', () => {
    const m = kolRankingText({ kind: 'now', since, until, rows: [] });
    expect(m.text.split('\n')[0]).toBe('📣 <b>KOL mentions</b>');
    expect(m.text).toContain('No influencer has posted about the project in this period yet.');
    expect(kolRankingText({ kind: 'weekly', since, until, rows: [] }).text).toContain('No influencer posted about the project this week.');
  });

  it('escapes hostile usernames, names and best-post links, and links no non-web best post', () => {
    const m = kolRankingText({
      kind: 'now', since, until,
      rows: [kol('x"><script>', 2, { name: '&amp; <b>', bestPostUrl: 'https://e.example/?a="b"&c' }), kol('y', 1, { bestPostUrl: 'javascript:alert(1)' })],
    });
    expect(m.text).toContain('<a href="https://x.com/x%22%3E%3Cscript%3E">@x&quot;&gt;&lt;script&gt;</a> (&amp;amp; &lt;b&gt;)');
    expect(m.text).toContain('<a href="https://e.example/?a=&quot;b&quot;&amp;c">best post</a>');
    expect(m.text).not.toContain('javascript');
    const parsed = parseHtml(m.text);
    expect(parsed.entities.map((e) => e.url).filter(Boolean)).toEqual(['https://x.com/x%22%3E%3Cscript%3E', 'https://e.example/?a="b"&c', 'https://x.com/y']);
  });

  it('stays within Telegram’s limits with 100 rows, counting the rest', () => {
    const rows = Array.from({ length: 100 }, (_, i) =>
      kol(`kol_number_${i}`, 1000 - i, { name: `A rather long display name ${i}`, mentions: 12, likes: 123_456, reposts: 12_345, replies: 1_234, quotes: 123, impressions: 9_876_543, bestPostUrl: `https://x.com/i/status/${1e18 + i}` }),
    );
    const m = kolRankingText({ kind: 'weekly', since, until, rows });
    const parsed = parseHtml(m.text);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
    expect(parsed.entities.length).toBeLessThanOrEqual(100);
    const lines = parsed.text.split('\n');
    const listed = lines.filter((l) => l.includes('@kol_number_')).length;
    expect(listed).toBeGreaterThan(10);
    expect(lines.at(-1)).toBe(`…and ${100 - listed} more`);
    // The rows kept are the best ones, in order.
    expect(lines[3]).toMatch(/^🥇 @kol_number_0 /);
    expect(lines[3 + listed - 1]).toMatch(new RegExp(`^${listed}\\. @kol_number_${listed - 1} `));
  });
});
