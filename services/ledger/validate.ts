// A posting is checked in code before any SQL, so a caller's mistake fails with a clear reason; the database
// checks the same rules again (migration) for anything that reaches it another way.
import { ACCOUNT_KINDS, type Asset, type PostingInput, type PostingLine, type PostingReference } from './types.js';
import { InvalidPostingError } from './invalid-posting-error.js';

/** numeric(78,0) holds up to 78 digits: every uint256, negated too. */
const LIMIT = 10n ** 78n;
const MAX_CHAIN_ID = 2 ** 31 - 1;
const KIND = /^[a-z][a-z0-9_.]*$/;
const TOKEN = /^(native|0x[0-9a-f]{40})$/;

export interface CheckedPosting {
  idempotencyKey: string;
  kind: string;
  memo: string | null;
  lines: PostingLine[];
  reference: PostingReference;
  /** The reference as stored (JSON text). */
  referenceJson: string;
}

export function checkPosting(input: PostingInput): CheckedPosting {
  const { idempotencyKey, kind, lines } = input;
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '' || idempotencyKey.length > 200) {
    throw new InvalidPostingError('key', 'the idempotency key must be a non-empty string of at most 200 characters');
  }
  if (typeof kind !== 'string' || !KIND.test(kind) || kind.length > 64) {
    throw new InvalidPostingError('kind', `kind ${JSON.stringify(kind)} must be lower case letters, digits, '_' or '.'`);
  }
  const memo = input.memo ?? null;
  if (memo !== null && (typeof memo !== 'string' || memo.length > 500)) throw new InvalidPostingError('memo', 'memo must be a string of at most 500 characters');
  if (!Array.isArray(lines) || lines.length < 2) throw new InvalidPostingError('lines', 'a posting has at least two lines');

  const sums = new Map<string, bigint>();
  const checked = lines.map((line, i): PostingLine => {
    const where = `line ${i}`;
    const { account, asset, amount } = line ?? ({} as PostingLine);
    if (!account || !ACCOUNT_KINDS.includes(account.kind)) throw new InvalidPostingError('account', `${where}: account kind must be one of ${ACCOUNT_KINDS.join(', ')}`);
    if (typeof account.owner !== 'string' || account.owner === '') throw new InvalidPostingError('account', `${where}: account owner must be a non-empty string`);
    checkAsset(asset, where);
    if (typeof amount !== 'bigint') throw new InvalidPostingError('amount', `${where}: amount must be a bigint (the token's smallest unit), not ${typeof amount}`);
    if (amount === 0n) throw new InvalidPostingError('amount', `${where}: amount must not be zero`);
    if (amount >= LIMIT || amount <= -LIMIT) throw new InvalidPostingError('amount', `${where}: amount has more than 78 digits`);
    const key = assetKey(asset);
    sums.set(key, (sums.get(key) ?? 0n) + amount);
    return { account: { kind: account.kind, owner: account.owner }, asset: { chainId: asset.chainId, token: asset.token }, amount };
  });
  for (const [asset, sum] of sums) {
    if (sum !== 0n) throw new InvalidPostingError('unbalanced', `the lines on ${asset} sum to ${sum}, not zero`);
  }

  const reference = input.reference ?? {};
  if (reference === null || typeof reference !== 'object' || Array.isArray(reference)) throw new InvalidPostingError('reference', 'reference must be a plain object');
  const referenceJson = JSON.stringify(reference, (key, value: unknown) => {
    if (typeof value === 'bigint') throw new InvalidPostingError('reference', `reference.${key} is a bigint; pass it as a string`);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new InvalidPostingError('reference', `reference.${key} is not a finite number`);
    return value;
  });
  return { idempotencyKey, kind, memo, lines: checked, reference: JSON.parse(referenceJson) as PostingReference, referenceJson };
}

export function checkAsset(asset: Asset, where = 'asset'): void {
  if (!asset || !Number.isSafeInteger(asset.chainId) || asset.chainId <= 0 || asset.chainId > MAX_CHAIN_ID) {
    throw new InvalidPostingError('asset', `${where}: chainId must be a positive integer`);
  }
  if (typeof asset.token !== 'string' || !TOKEN.test(asset.token)) {
    throw new InvalidPostingError('asset', `${where}: token must be 'native' or a contract address in lower case (0x and 40 hex digits), not ${JSON.stringify(asset.token)}`);
  }
}

export function assetKey(asset: Asset): string {
  return `${asset.chainId}/${asset.token}`;
}
