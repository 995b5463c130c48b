/** A posting's idempotency key was used before for a posting with other content: a caller's bug (two
 * different movements made the same key), never silently merged. */
export class IdempotencyConflictError extends Error {
  override name = 'IdempotencyConflictError';
  readonly reason = 'idempotency_conflict' as const;
  constructor(
    readonly idempotencyKey: string,
    /** The posting that already holds the key. */
    readonly postingId: string,
  ) {
    super(`ledger: idempotency key ${JSON.stringify(idempotencyKey)} already posted (posting ${postingId}) with other content`);
  }
}
