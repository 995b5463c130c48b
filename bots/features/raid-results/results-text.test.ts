import { describe, expect, it } from 'vitest';
import { cut } from '../../../services/platform/graphemes.js';
import { nameOf, renderedLength, TEXT_BUDGET } from './results-text.js';
import { packReview, reviewMessage } from './review-text.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('results text', () => {
  it('cuts between whole characters, never inside an emoji', () => {
    expect(cut('Alex | Crypto Trader 🚀🔥', 24)).toBe('Alex | Crypto Trader 🚀…');
    expect(cut('short', 24)).toBe('short');
    expect(cut('👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 12)).toBe('👨‍👩‍👧‍👦…');
    for (let n = 1; n < 30; n++) {
      const s = cut('Alex | Crypto Trader 🚀🔥🇫🇷 more', n);
      expect(s).not.toMatch(LONE_SURROGATE);
      expect(s.length).toBeLessThanOrEqual(n);
    }
  });

  it('labels the Accept button of a member whose name ends in emoji without a lone surrogate', () => {
    const name = nameOf({ username: null, firstName: 'Alex | Crypto Trader 🚀🔥' }, uid(501));
    const review = reviewMessage('42', [{ telegramUserId: uid(501), name, xUsername: 'alex', reasons: ['X account is 2 days old'], computedPoints: 9 }], 'heading');
    const label = review.keyboard.inline_keyboard[0]![0]!.text;
    expect(label).not.toMatch(LONE_SURROGATE);
    expect(label).toBe('✅ Accept Alex | Crypto Trader 🚀…');
    expect(JSON.stringify(review)).not.toMatch(/\\ud[89ab]/i);
  });

  it('shows an escaped name as plain text on the button', () => {
    const name = nameOf({ username: null, firstName: 'A&B "<x>"' }, uid(7));
    const review = reviewMessage('42', [{ telegramUserId: uid(7), name, xUsername: 'ab', reasons: [], computedPoints: 1 }], 'h');
    expect(review.keyboard.inline_keyboard[0]![0]!.text).toBe('✅ Accept A&B "<x>"');
  });

  it('bounds a member’s reasons and shows an appeal whole', () => {
    const reasons = Array.from({ length: 30 }, (_, i) => `reason ${i} ${'x'.repeat(300)}`);
    const appeal = `I did raid, see my reply ${'🙏'.repeat(200)}`;
    const review = reviewMessage('42', [{ telegramUserId: uid(7), name: 'm', xUsername: 'ab', reasons, computedPoints: 1, appeal }], 'h');
    expect(renderedLength(review.text)).toBeLessThan(1500);
    expect(review.text).toContain('more (see /raidreport)');
    expect(review.text).toContain(`appeal: “${appeal}”`);
  });

  it('counts what Telegram renders, not the HTML', () => {
    expect(renderedLength('<b>a &amp; b</b> &lt;c&gt;')).toBe('a & b <c>'.length);
  });
});

describe('review packing', () => {
  it('fits at least six worst-case members in a message, each message within the budget', () => {
    const worst = Array.from({ length: 30 }, (_, i) => ({
      telegramUserId: uid(i + 1),
      name: nameOf({ username: null, firstName: '&'.repeat(200) }, uid(i + 1)),
      xUsername: 'x'.repeat(100),
      reasons: Array.from({ length: 20 }, () => 'r'.repeat(500)),
      computedPoints: 123456,
    }));
    const pages = packReview(worst, 10, 200);
    expect(pages.flat()).toHaveLength(30);
    for (const [i, page] of pages.entries()) {
      if (i < pages.length - 1) expect(page.length).toBeGreaterThanOrEqual(6);
      expect(200 + renderedLength(reviewMessage('1', page, '').text)).toBeLessThanOrEqual(TEXT_BUDGET);
    }
  });
});
