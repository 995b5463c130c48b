import { describe, expect, it } from 'vitest';
import { emptyForm, problemsOf, toDraft, toRequest, type LaunchForm } from './launch-form';
import type { PayableTokens } from '../../api/types';

// As GET /tokens answers for a deployment that lists its tokens.
const payable: PayableTokens = { listed: true, tokens: [{ symbol: 'USDT', decimals: 6 }, { symbol: 'ETH', decimals: 18 }], otherDecimals: null };

const filled = (over: Partial<LaunchForm> = {}): LaunchForm => ({
  ...emptyForm(30, false),
  postUrl: 'https://x.com/warhorn_app/status/123',
  targets: { replies: '10', reposts: '', likes: '50', quotes: '0', bookmarks: '' },
  ...over,
});

describe('the launch form', () => {
  it('is valid with a post link and one target at least', () => {
    expect(problemsOf(filled(), payable)).toEqual([]);
    expect(problemsOf(emptyForm(30, false), payable)).toEqual(['postUrl', 'targets']);
    expect(problemsOf(filled({ targets: { replies: '-1', reposts: '', likes: '', quotes: '', bookmarks: '' } }), payable)).toEqual(['targets']);
  });

  it('wants both halves of a pool, or neither', () => {
    expect(problemsOf(filled({ poolAmount: '500' }), payable)).toEqual(['pool']);
    expect(problemsOf(filled({ poolAmount: '0', poolToken: 'USDT' }), payable)).toEqual(['pool']);
    expect(problemsOf(filled({ poolAmount: '12.5', poolToken: 'usdt' }), payable)).toEqual([]);
    // USDT has 6 decimals: a seventh cannot be paid out.
    expect(problemsOf(filled({ poolAmount: '0.0000001', poolToken: 'USDT' }), payable)).toEqual(['pool']);
  });

  it('refuses a pool in a token the deployment does not pay in', () => {
    expect(problemsOf(filled({ poolAmount: '5', poolToken: 'DAI' }), payable)).toEqual(['pool']);
    expect(problemsOf(filled({ poolAmount: '5', poolToken: 'DAI' }), { ...payable, listed: false, otherDecimals: 18 })).toEqual([]);
  });

  it("sends only the targets asked for, and the pool in the token's smallest unit", () => {
    expect(toRequest(filled({ poolAmount: '12.5', poolToken: 'usdt', lock: true }), payable)).toEqual({
      postUrl: 'https://x.com/warhorn_app/status/123',
      targets: { replies: 10, likes: 50 },
      durationMinutes: 30,
      lock: true,
      pool: { amount: '12500000', token: 'USDT' },
    });
  });

  it('previews what the form holds so far', () => {
    expect(toDraft(filled({ targets: { replies: 'x', reposts: '', likes: '5', quotes: '', bookmarks: '' } }), payable)).toMatchObject({
      authorUsername: 'warhorn_app',
      targets: { replies: 0, likes: 5 },
      pool: null,
    });
  });
});
