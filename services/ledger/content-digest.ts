// What makes two postings "the same" for an idempotency key: kind, memo, reference and the multiset of lines
// (their order does not matter). Stored as a sha256, so a repeated key is checked without reading the lines.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../history/index.js';
import type { CheckedPosting } from './validate.js';

export function contentDigest(posting: CheckedPosting): Buffer {
  const lines = posting.lines
    .map((l) => [l.account.kind, l.account.owner, l.asset.chainId, l.asset.token, l.amount.toString()] as const)
    .map((parts) => JSON.stringify(parts))
    .sort();
  const content = JSON.stringify({ v: 1, kind: posting.kind, memo: posting.memo, lines, reference: canonicalJson(posting.referenceJson) });
  return createHash('sha256').update(content, 'utf8').digest();
}
