// One posting inside a transaction. The order of statements keeps an account's row lock short: the posting
// and its history event first, the lines (which take the balances' row locks, in account id order) last, so
// a busy account is held from that insert to the commit and no longer.
import { preparedQuery, type Tx } from '../platform/database.js';
import type { HistoryAppender } from '../history/index.js';
import type { LedgerHistoryEvent } from './history-events.js';
import type { Posting, PostingInput, PostingLine } from './types.js';
import { checkPosting } from './validate.js';
import { contentDigest } from './content-digest.js';
import { accountKey, resolveAccounts } from './accounts.js';
import { IdempotencyConflictError } from './idempotency-conflict-error.js';
import { insufficientFundsOf } from './insufficient-funds-error.js';
import { readPosting } from './read.js';

export type PostOutcome = { posting: Posting; replayed: boolean };

export async function postIn(tx: Tx, input: PostingInput, now: Date, history: HistoryAppender<LedgerHistoryEvent>): Promise<PostOutcome> {
  const checked = checkPosting(input);
  const digest = contentDigest(checked);
  // Prepared (parsed and planned once per connection): the three statements of every posting are on the hot path.
  const inserted = await preparedQuery<{ id: string }>(
    tx,
    'ledger_insert_posting',
    `INSERT INTO ledger.postings (idempotency_key, kind, memo, created_at, reference, content_digest)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id::text AS id`,
    [checked.idempotencyKey, checked.kind, checked.memo, now, checked.referenceJson, digest],
  );
  if (inserted.length === 0) return { posting: await replay(tx, checked.idempotencyKey, digest), replayed: true };
  const postingId = inserted[0]!.id;

  const ids = await resolveAccounts(tx, checked.lines);
  const idOf = (line: PostingLine) => ids.get(accountKey(line.account, line.asset))!;
  // Account id order takes the row locks in one order everywhere (no deadlock between two postings); credits
  // before debits on one account, so a posting that adds and takes on it is refused only if its net is.
  const lines = [...checked.lines].sort((a, b) => compareIds(idOf(a), idOf(b)) || (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : 0));

  await history.append(tx, {
    actor: input.actor ?? { kind: 'system' },
    action: 'ledger.posted',
    subject: { kind: 'posting', id: postingId },
    data: {
      postingId,
      kind: checked.kind,
      idempotencyKey: checked.idempotencyKey,
      lines: lines.map((l) => ({ kind: l.account.kind, owner: l.account.owner, chainId: l.asset.chainId, token: l.asset.token, amount: l.amount.toString() })),
    },
  });

  try {
    await preparedQuery(
      tx,
      'ledger_insert_lines',
      `INSERT INTO ledger.lines (posting_id, account_id, chain_id, token, amount)
       SELECT $1, l.account_id, l.chain_id, l.token, l.amount
         FROM unnest($2::bigint[], $3::int[], $4::text[], $5::numeric[]) WITH ORDINALITY AS l(account_id, chain_id, token, amount, n)
        ORDER BY l.n`,
      [postingId, lines.map(idOf), lines.map((l) => l.asset.chainId), lines.map((l) => l.asset.token), lines.map((l) => l.amount.toString())],
    );
  } catch (error) {
    throw insufficientFundsOf(error) ?? error;
  }
  return {
    posting: { id: postingId, idempotencyKey: checked.idempotencyKey, kind: checked.kind, memo: checked.memo, createdAt: now, reference: checked.reference, lines },
    replayed: false,
  };
}

/** The key is taken: the same content answers the stored posting, other content is the caller's bug. */
async function replay(tx: Tx, key: string, digest: Buffer): Promise<Posting> {
  const rows: Array<{ id: string; content_digest: Buffer }> = await tx.query(
    `SELECT id::text AS id, content_digest FROM ledger.postings WHERE idempotency_key = $1`,
    [key],
  );
  const found = rows[0];
  if (!found) throw new Error(`ledger: idempotency key ${JSON.stringify(key)} conflicted but its posting is not visible (a REPEATABLE READ transaction?)`);
  if (!found.content_digest.equals(digest)) throw new IdempotencyConflictError(key, found.id);
  return (await readPosting(tx, found.id))!;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
