import { describe, expect, it } from 'vitest';
import { checkPosting } from './validate.js';
import { contentDigest } from './content-digest.js';
import type { PostingInput } from './types.js';

const native = { chainId: 1, token: 'native' };
const usdc = { chainId: 137, token: '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359' };
const base = (): PostingInput => ({
  idempotencyKey: 'k-1',
  kind: 'raid.hold',
  lines: [
    { account: { kind: 'group_balance', owner: '-100' }, asset: native, amount: -5n },
    { account: { kind: 'group_pool', owner: '42' }, asset: native, amount: 5n },
  ],
  reference: { raidId: '42' },
});
const reason = (input: PostingInput) => {
  try {
    checkPosting(input);
    return null;
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
};

describe('a posting is checked before any SQL', () => {
  it('accepts balanced lines per asset, several assets in one posting', () => {
    const input = base();
    input.lines = [...input.lines, { account: { kind: 'chain', owner: 'world' }, asset: usdc, amount: -(10n ** 77n) }, { account: { kind: 'fees', owner: 'platform' }, asset: usdc, amount: 10n ** 77n }];
    expect(checkPosting(input).lines).toHaveLength(4);
  });

  it('refuses lines that do not sum to zero per asset, even when the totals across assets do', () => {
    const input = base();
    input.lines = [input.lines[0]!, { ...input.lines[1]!, asset: usdc }];
    expect(reason(input)).toBe('unbalanced');
    expect(reason({ ...base(), lines: [base().lines[0]!, { ...base().lines[1]!, amount: 4n }] })).toBe('unbalanced');
  });

  it('refuses floats, zero and amounts beyond numeric(78,0)', () => {
    const withAmounts = (a: unknown, b: unknown) => ({ ...base(), lines: [{ ...base().lines[0]!, amount: a }, { ...base().lines[1]!, amount: b }] }) as unknown as PostingInput;
    expect(reason(withAmounts(-0.5, 0.5))).toBe('amount');
    expect(reason(withAmounts(0n, 0n))).toBe('amount');
    expect(reason(withAmounts(-(10n ** 78n), 10n ** 78n))).toBe('amount');
    expect(reason(withAmounts(-(10n ** 78n - 1n), 10n ** 78n - 1n))).toBeNull();
  });

  it('refuses an address that is not lower case, a chain id that is not a positive integer, an unknown account kind', () => {
    const withAsset = (asset: { chainId: number; token: string }) => ({ ...base(), lines: base().lines.map((l) => ({ ...l, asset })) });
    expect(reason(withAsset({ chainId: 1, token: usdc.token.toUpperCase().replace('0X', '0x') }))).toBe('asset');
    expect(reason(withAsset({ chainId: 1.5, token: 'native' }))).toBe('asset');
    expect(reason(withAsset({ chainId: 0, token: 'native' }))).toBe('asset');
    expect(reason({ ...base(), lines: [{ ...base().lines[0]!, account: { kind: 'wallet' as 'fees', owner: 'x' } }, base().lines[1]!] })).toBe('account');
  });

  it('refuses a bigint in the reference (JSON has no exact big integers), an empty key and a single line', () => {
    expect(reason({ ...base(), reference: { amount: 5n } })).toBe('reference');
    expect(reason({ ...base(), idempotencyKey: '' })).toBe('key');
    expect(reason({ ...base(), lines: base().lines.slice(0, 1) })).toBe('lines');
  });
});

describe('the content digest behind an idempotency key', () => {
  const digest = (input: PostingInput) => contentDigest(checkPosting(input)).toString('hex');

  it('is the same for the same lines in another order and the same reference with keys in another order', () => {
    const input = base();
    const same = { ...base(), lines: [...input.lines].reverse() };
    expect(digest(same)).toBe(digest(input));
    expect(digest({ ...base(), reference: { b: 1, a: 2 } })).toBe(digest({ ...base(), reference: { a: 2, b: 1 } }));
  });

  it('differs for another amount, account, kind, memo or reference', () => {
    const d = digest(base());
    expect(digest({ ...base(), lines: base().lines.map((l) => ({ ...l, amount: l.amount * 2n })) })).not.toBe(d);
    expect(digest({ ...base(), lines: [base().lines[0]!, { ...base().lines[1]!, account: { kind: 'group_pool', owner: '43' } }] })).not.toBe(d);
    expect(digest({ ...base(), kind: 'raid.release' })).not.toBe(d);
    expect(digest({ ...base(), memo: 'x' })).not.toBe(d);
    expect(digest({ ...base(), reference: { raidId: '43' } })).not.toBe(d);
  });
});
