import { describe, expect, it } from 'vitest';
import type { XMedia } from '../../../services/x/index.js';
import { parseHtml } from '../../../testkit/telegram/html.js';
import { at, post, user } from './feed-posts.test-support.js';
import { FEEDS_CAP_SETTING, feedMessages } from './texts.js';

const POST_URL = 'https://x.com/i/status/1800000000000000001';
const photo = (url: string | null): XMedia => ({ key: `3_${url}`, type: 'photo', url, previewUrl: null });
const video = (previewUrl: string | null, type: XMedia['type'] = 'video'): XMedia => ({ key: `7_${previewUrl}`, type, url: null, previewUrl });
/** What Telegram would show and link: the emulator's parser throws where Telegram refuses the HTML. */
const shown = (html: string) => parseHtml(html);

describe('a forwarded post', () => {
  const account = { username: 'warhorn', name: 'Warhorn' };

  it('names the kind and the account in bold, linked to its profile, above the text, with a button to the post', () => {
    const m = feedMessages.forward({ post: post({ text: 'gm' }), kind: 'post', account });
    expect(m.text).toBe('📝 <a href="https://x.com/warhorn"><b>Warhorn</b> @warhorn</a> posted\n\ngm');
    expect(m.parse_mode).toBe('HTML');
    expect(m.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Open on X', url: POST_URL }]] });
    const verbs = (['reply', 'repost', 'quote'] as const).map((kind) => shown(feedMessages.forward({ post: post({ text: 'gm' }), kind, account }).text).text.split('\n')[0]);
    expect(verbs).toEqual(['💬 Warhorn @warhorn replied', '🔁 Warhorn @warhorn reposted', '🗨 Warhorn @warhorn quoted']);
  });

  it('escapes a hostile name and username, in the text and in the link', () => {
    const m = feedMessages.forward({ post: post({ text: 'x' }), kind: 'post', account: { username: 'a"><script>', name: '<script>alert(1)</script> &amp; co' } });
    expect(m.text).toContain('<a href="https://x.com/a%22%3E%3Cscript%3E"><b>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; co</b> @a&quot;&gt;&lt;script&gt;</a>');
    const parsed = shown(m.text);
    expect(parsed.text.split('\n')[0]).toBe('📝 <script>alert(1)</script> &amp; co @a"><script> posted');
    expect(parsed.entities.find((e) => e.type === 'text_link')?.url).toBe('https://x.com/a%22%3E%3Cscript%3E');
  });

  it('previews the first photo large, else a video’s or GIF’s still, else the post', () => {
    const preview = (media: XMedia[]) => feedMessages.forward({ post: post({ text: 'x', media }), kind: 'post', account }).link_preview_options;
    expect(preview([video('https://pbs.twimg.com/v.jpg'), photo(null), photo('https://pbs.twimg.com/p1.jpg'), photo('https://pbs.twimg.com/p2.jpg')]))
      .toEqual({ url: 'https://pbs.twimg.com/p1.jpg', prefer_large_media: true });
    expect(preview([video(null), video('https://pbs.twimg.com/gif.jpg', 'animated_gif')])).toEqual({ url: 'https://pbs.twimg.com/gif.jpg', prefer_large_media: true });
    expect(preview([])).toEqual({ url: POST_URL });
  });

  it('sends a post with only media as the header alone', () => {
    const text = 'https://t.co/p';
    const p = post({ text, media: [photo('https://pbs.twimg.com/p.jpg')], entities: { urls: [{ ...at(text, text), url: text, expandedUrl: 'https://x.com/warhorn/status/1/photo/1', displayUrl: 'pic.x.com/p' }] } });
    expect(feedMessages.forward({ post: p, kind: 'post', account }).text).toBe('📝 <a href="https://x.com/warhorn"><b>Warhorn</b> @warhorn</a> posted');
  });

  it('cuts an over-long post into valid HTML of at most 4096 visible units and 100 entities', () => {
    const unit = '🐴 & <b> @alice ';
    const text = unit.repeat(1000);
    const len = [...unit].length;
    const mentions = Array.from({ length: 1000 }, (_, i) => ({ start: i * len + 9, end: i * len + 15, username: 'alice' }));
    const m = feedMessages.forward({ post: post({ text, entities: { mentions } }), kind: 'quote', account: { username: 'u', name: 'N'.repeat(500) } });
    const parsed = shown(m.text);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
    expect(parsed.text.length).toBeGreaterThan(4000);
    expect(parsed.text.endsWith('…')).toBe(true);
    expect(parsed.entities.length).toBeLessThanOrEqual(100);
    // The long name was shortened in the header, so the post kept the room.
    expect(parsed.text.split('\n')[0]).toBe(`🗨 ${'N'.repeat(63)}… @u quoted`);
  });
});

describe('a mention relay', () => {
  it('heads the post with the matched terms and the author with a short follower count', () => {
    const m = feedMessages.mention({ post: post({ text: 'buy $WAR', author: user({ username: 'kol', name: 'Big KOL', followers: 12_345 }) }), terms: ['$WAR', '#warhorn'] });
    expect(m.text).toBe('🔎 $WAR · #warhorn\n<a href="https://x.com/kol"><b>Big KOL</b> @kol</a> · 12.3K followers\n\nbuy $WAR');
    expect(m.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Open on X', url: POST_URL }]] });
    expect(m.link_preview_options).toEqual({ url: POST_URL });
  });

  it('escapes the terms an admin wrote, bounds their list, and does without an author', () => {
    const terms = ['<i>war</i>', 'a&b', ...Array.from({ length: 12 }, (_, i) => `t${i}`)];
    const m = feedMessages.mention({ post: post({ text: 'x', author: null }), terms });
    const [head, author] = m.text.split('\n');
    expect(head).toBe('🔎 &lt;i&gt;war&lt;/i&gt; · a&amp;b · t0 · t1 · t2 · t3 · t4 · t5 · t6 · t7 +4 more');
    expect(author).toBe(`<a href="${POST_URL}">A post on X</a>`);
    expect(() => shown(m.text)).not.toThrow();
  });
});

describe('a mention summary', () => {
  it('says how many were held back, when, and links the top posts with their engagement', () => {
    const metrics = { replies: 4, reposts: 30, likes: 1_200, quotes: 2, bookmarks: 0, impressions: 0 };
    const m = feedMessages.mentionSummary({
      terms: ['$WAR', '#warhorn'],
      count: 14,
      windowStart: new Date('2025-03-04T14:00:00Z'),
      windowEnd: new Date('2025-03-04T15:05:00Z'),
      top: [post({ id: '11', metrics, author: user({ username: 'a<b' }) }), post({ id: '12', author: null }), post({ id: '13' }), post({ id: '14' })],
    });
    expect(m.text.split('\n')).toEqual([
      "📨 14 more posts mentioned $WAR, #warhorn between 14:00 and 15:05 UTC (held back by the group's rate cap).",
      '',
      'The 3 most engaged:',
      '• <a href="https://x.com/i/status/11">@a&lt;b</a>: 1.2K likes · 30 reposts · 4 replies · 2 quotes',
      '• <a href="https://x.com/i/status/12">A post</a>: 0 likes · 0 reposts · 0 replies · 0 quotes',
      '• <a href="https://x.com/i/status/13">@warhorn</a>: 0 likes · 0 reposts · 0 replies · 0 quotes',
    ]);
    expect(m.link_preview_options).toEqual({ is_disabled: true });
    expect(() => shown(m.text)).not.toThrow();
  });

  it('writes one post in the singular and a window over midnight with its days', () => {
    const m = feedMessages.mentionSummary({ terms: ['war'], count: 1, windowStart: new Date('2025-03-04T23:50:00Z'), windowEnd: new Date('2025-03-05T00:10:00Z'), top: [] });
    expect(m.text).toBe("📨 1 more post mentioned war between Mar 4 23:50 and Mar 5 00:10 UTC (held back by the group's rate cap).");
  });
});

describe('the cap notice', () => {
  const resumesAt = new Date('2025-03-05T00:00:00Z');

  it('for a group: the cap, the spending, when it resumes and the setting that raises it', () => {
    const m = feedMessages.capPaused({ scope: 'group', capMicros: 1_500_000n, spentMicros: 1_512_345n, resumesAt });
    expect(m.text.split('\n')).toEqual([
      '⏸ <b>X feeds paused for today</b>',
      'This group reached its daily X spending cap of $1.50 (about $1.51 spent today), so I stopped reading X for its feeds.',
      'X feeds resume at 00:00 UTC on Mar 5, when the daily cap starts again.',
      `To raise the cap, an admin sends <code>/set ${FEEDS_CAP_SETTING} 500</code> (cents a day: 500 is $5.00).`,
    ]);
    expect(FEEDS_CAP_SETTING).toBe('feeds.daily_cap_cents');
    expect(m.parse_mode).toBe('HTML');
  });

  it('for the deployment: the operator’s cap, and no setting of the group', () => {
    const m = feedMessages.capPaused({ scope: 'deployment', capMicros: 50_000_000n, spentMicros: 50_000_000n, resumesAt });
    expect(m.text).toContain('the daily X spending cap its operator set for all groups, $50.00 ($50.00 spent today)');
    expect(m.text).toContain('only the bot\'s operator can raise it');
    expect(m.text).not.toContain(FEEDS_CAP_SETTING);
    expect(() => shown(m.text)).not.toThrow();
  });
});
