// The events the ledger records in history. Amounts and ids are strings, as everywhere in the trail (JSON has
// no exact big integers, and the hash chain covers those bytes).
import type { AccountKind } from './types.js';

export type LedgerHistoryEvent = {
  action: 'ledger.posted';
  subject: 'posting';
  data: {
    postingId: string;
    kind: string;
    idempotencyKey: string;
    lines: Array<{ kind: AccountKind; owner: string; chainId: number; token: string; amount: string }>;
  };
};
