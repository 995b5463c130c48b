/** A statement cursor the ledger did not give (a caller passed a tampered or foreign one): a bad request. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor(cursor: string) {
    super(`ledger: ${JSON.stringify(cursor.slice(0, 40))} is not a statement cursor`);
  }
}
