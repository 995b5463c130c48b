import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../testkit/telegram/html.js';
import { at, post } from './feed-posts.test-support.js';
import { fitPieces, postHtml, postPieces } from './post-html.js';

const all = (p: Parameters<typeof postHtml>[0]) => postHtml(p, 4096);

describe("an X post's text as Telegram HTML", () => {
  it('escapes everything X sent, markup and character references alike', () => {
    const text = '<script>alert("hi")</script> & &amp; <b>bold</b>';
    expect(all(post({ text }))).toBe('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &amp;amp; &lt;b&gt;bold&lt;/b&gt;');
    // What Telegram shows is the text as written, with no formatting.
    expect(parseHtml(all(post({ text })))).toEqual({ text, entities: [] });
  });

  it('links urls, mentions, hashtags and cashtags at code point offsets, after an emoji', () => {
    const text = '🐴🔥 gm @Alice_X, $WAR is up #Warhorn https://t.co/abc';
    // The emojis are 2 code points and 4 UTF-16 units: offsets in units would land 2 too far.
    expect(at(text, '@Alice_X').start).toBe(text.indexOf('@Alice_X') - 2);
    const html = all(post({
      text,
      entities: {
        mentions: [{ ...at(text, '@Alice_X'), username: 'Alice_X' }],
        cashtags: [{ ...at(text, '$WAR'), tag: 'WAR' }],
        hashtags: [{ ...at(text, '#Warhorn'), tag: 'Warhorn' }],
        urls: [{ ...at(text, 'https://t.co/abc'), url: 'https://t.co/abc', expandedUrl: 'https://warhorn.example/launch?a=1&b=2', displayUrl: 'warhorn.example/launch…' }],
      },
    }));
    expect(html).toBe(
      '🐴🔥 gm <a href="https://x.com/Alice_X">@Alice_X</a>, <a href="https://x.com/search?q=%24WAR">$WAR</a> is up ' +
        '<a href="https://x.com/hashtag/Warhorn">#Warhorn</a> <a href="https://warhorn.example/launch?a=1&amp;b=2">warhorn.example/launch…</a>',
    );
    const parsed = parseHtml(html);
    expect(parsed.text).toBe('🐴🔥 gm @Alice_X, $WAR is up #Warhorn warhorn.example/launch…');
    expect(parsed.entities.map((e) => [parsed.text.slice(e.offset, e.offset + e.length), e.url])).toEqual([
      ['@Alice_X', 'https://x.com/Alice_X'],
      ['$WAR', 'https://x.com/search?q=%24WAR'],
      ['#Warhorn', 'https://x.com/hashtag/Warhorn'],
      ['warhorn.example/launch…', 'https://warhorn.example/launch?a=1&b=2'],
    ]);
  });

  it('escapes quotes and brackets in a link target, and encodes tags and usernames into theirs', () => {
    const text = 'see https://t.co/x #ビットコイン';
    const html = all(post({
      text,
      entities: {
        urls: [{ ...at(text, 'https://t.co/x'), url: 'https://t.co/x', expandedUrl: 'https://evil.example/?q="><script>', displayUrl: '"><b>x</b>' }],
        hashtags: [{ ...at(text, '#ビットコイン'), tag: 'ビットコイン' }],
      },
    }));
    expect(html).toContain('<a href="https://evil.example/?q=&quot;&gt;&lt;script&gt;">&quot;&gt;&lt;b&gt;x&lt;/b&gt;</a>');
    const links = parseHtml(html).entities.map((e) => e.url);
    expect(links).toEqual(['https://evil.example/?q="><script>', 'https://x.com/hashtag/%E3%83%93%E3%83%83%E3%83%88%E3%82%B3%E3%82%A4%E3%83%B3']);
  });

  it('links no javascript: or other non-web target: the t.co link stands in, else the text stays plain', () => {
    const text = 'a https://t.co/1 b https://t.co/2';
    const html = all(post({
      text,
      entities: {
        urls: [
          { ...at(text, 'https://t.co/1'), url: 'https://t.co/1', expandedUrl: 'javascript:alert(1)', displayUrl: 'click' },
          { ...at(text, 'https://t.co/2'), url: 'data:text/html,x', expandedUrl: 'nonsense', displayUrl: 'x' },
        ],
      },
    }));
    expect(html).toBe('a <a href="https://t.co/1">https://t.co/1</a> b https://t.co/2');
  });

  it('ignores overlapping entities (the first wins) and any outside the text, without throwing', () => {
    const text = '@alice #tag';
    const p = post({
      text,
      entities: {
        mentions: [{ start: 0, end: 6, username: 'alice' }, { start: 3, end: 9, username: 'overlap' }],
        hashtags: [{ start: 7, end: 11, tag: 'tag' }, { start: 7, end: 99, tag: 'past-the-end' }, { start: -1, end: 2, tag: 'negative' }],
        cashtags: [{ start: 9, end: 8, tag: 'backwards' }, { start: 1.5, end: 3, tag: 'fraction' }, { start: 40, end: 45, tag: 'beyond' }],
      },
    });
    expect(all(p)).toBe('<a href="https://x.com/alice">@alice</a> <a href="https://x.com/hashtag/tag">#tag</a>');
    // Entities of a different text (all past its end): the text is shown plain.
    expect(all(post({ text: 'hi', entities: { mentions: [{ start: 5, end: 9, username: 'x' }] } }))).toBe('hi');
  });

  it('drops the media link X appends (the media is the preview), and the space before it', () => {
    const text = 'Launch day 🚀 https://t.co/pic';
    const media = { ...at(text, 'https://t.co/pic'), url: 'https://t.co/pic', displayUrl: 'pic.x.com/abc' };
    expect(all(post({ text, entities: { urls: [{ ...media, expandedUrl: 'https://x.com/warhorn/status/123/photo/1' }] } }))).toBe('Launch day 🚀');
    expect(all(post({ text, entities: { urls: [{ ...media, expandedUrl: 'https://twitter.com/warhorn/status/123/video/1' }] } }))).toBe('Launch day 🚀');
    // A link to another post (a quote's) is content: it stays.
    expect(all(post({ text, entities: { urls: [{ ...media, expandedUrl: 'https://x.com/warhorn/status/123' }] } }))).toContain('<a href="https://x.com/warhorn/status/123">');
  });

  it('keeps links past maxLinks as plain text', () => {
    const text = '#a #b #c';
    const hashtags = ['#a', '#b', '#c'].map((w) => ({ ...at(text, w), tag: w.slice(1) }));
    expect(postHtml(post({ text, entities: { hashtags } }), 4096, 2)).toBe('<a href="https://x.com/hashtag/a">#a</a> <a href="https://x.com/hashtag/b">#b</a> #c');
  });
});

describe('cutting a post to fit', () => {
  it('leaves a post that fits as it is', () => {
    expect(fitPieces([{ text: 'abc' }], 3)).toEqual([{ text: 'abc' }]);
  });

  it('cuts at a code point, never inside an emoji, with an ellipsis inside the budget', () => {
    // Each 🐴 is 2 UTF-16 units: 5 units of room (6 minus the ellipsis) hold 2 of them, not 2 and a half.
    const cut = fitPieces([{ text: '🐴'.repeat(10) }], 6);
    expect(cut).toEqual([{ text: '🐴🐴' }, { text: '…' }]);
    expect(cut.map((p) => p.text).join('').length).toBeLessThanOrEqual(6);
  });

  it('cuts inside a link keeping it whole as a tag, and gives nothing for no room', () => {
    expect(fitPieces([{ text: 'go ' }, { text: 'warhorn.example/a/long/path', href: 'https://warhorn.example/a/long/path' }], 11)).toEqual([
      { text: 'go ' },
      { text: 'warhorn', href: 'https://warhorn.example/a/long/path' },
      { text: '…' },
    ]);
    expect(fitPieces([{ text: 'abc' }], 0)).toEqual([]);
  });

  it('cuts a long post with entities and escapes into valid HTML of at most the budget', () => {
    const unit = '🐴 <&> @alice #war ';
    const text = unit.repeat(400);
    const mentions = [];
    const hashtags = [];
    for (let i = 0, cp = 0; i < 400; i++, cp += [...unit].length) {
      mentions.push({ start: cp + 6, end: cp + 12, username: 'alice' });
      hashtags.push({ start: cp + 13, end: cp + 17, tag: 'war' });
    }
    const p = post({ text, entities: { mentions, hashtags } });
    expect(postPieces(p).filter((x) => x.href)).toHaveLength(800);
    for (const budget of [4096, 4000, 1001, 7]) {
      const parsed = parseHtml(postHtml(p, budget, 95));
      expect(parsed.text.length).toBeLessThanOrEqual(budget);
      expect(parsed.text.endsWith('…')).toBe(true);
      expect(parsed.entities.length).toBeLessThanOrEqual(95);
      expect(parsed.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});
