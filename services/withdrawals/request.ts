// A member's request: checked (a chain and token the deployment pays in, a wallet linked to this member, at
// least the token's minimum), then in ONE transaction the ledger posting `withdraw:<id>` (member_rewards -x,
// withdrawals_in_flight(<id>) +x) and the row. The id is drawn first so the posting's key can name it; the
// ledger refuses an overdraft under any concurrency (its stored balance's row lock), and that refusal rolls
// the whole transaction back, row included. A repeated idempotency key answers the first request.
import { getAddress } from 'ethers';
import type { TelegramUserId } from '../platform/telegram-ids.js';
import { minWithdrawalOf } from '../platform/chains.js';
import { InsufficientFundsError } from '../ledger/index.js';
import type { WithdrawalsDeps } from './deps.js';
import { rowOf, tokenOf, viewOf, type Withdrawal } from './store.js';

export interface WithdrawalRequest {
  chainId: number;
  /** 'native' or the token's contract address (any case). */
  token: string;
  /** In the token's smallest unit, or everything the member holds of it. */
  amount: bigint | 'all';
  /** One of the member's linked wallets (any case). */
  to: string;
  /** The bot the member asked through (it tells them the outcome). */
  botId: number;
  /** A repeated request with the same key (per member) answers the first one and moves nothing. */
  idempotencyKey?: string;
}

/** Why a request was refused; nothing moved. */
export type WithdrawalRefusal =
  | { reason: 'unknown_token' }
  | { reason: 'bad_address' }
  | { reason: 'wallet_not_linked' }
  | { reason: 'below_minimum'; minimum: bigint }
  | { reason: 'insufficient_balance'; balance: bigint };

export type WithdrawalRequestResult = { ok: true; withdrawal: Withdrawal; replayed: boolean } | ({ ok: false } & WithdrawalRefusal);

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e?.driverError?.code ?? e?.code) === '23505';
};

export async function requestWithdrawal(deps: WithdrawalsDeps, member: TelegramUserId, input: WithdrawalRequest): Promise<WithdrawalRequestResult> {
  const chain = deps.chains.find((c) => c.id === input.chainId);
  const token = input.token === 'native' ? 'native' : input.token.toLowerCase();
  const minimum = chain ? minWithdrawalOf(chain, token) : null;
  if (!chain || minimum === null || !tokenOf(chain, token)) return { ok: false, reason: 'unknown_token' };
  if (input.idempotencyKey !== undefined) {
    const earlier = await byKey(deps, member, input.idempotencyKey);
    if (earlier) return earlier;
  }
  let to: string;
  try {
    if (!/^0x[0-9a-fA-F]{40}$/.test(input.to)) throw new Error('not an address');
    to = getAddress(input.to.toLowerCase());
  } catch {
    return { ok: false, reason: 'bad_address' };
  }
  if ((await deps.users.walletOwner(to)) !== member) return { ok: false, reason: 'wallet_not_linked' };
  const asset = { chainId: chain.id, token };
  const rewards = { kind: 'member_rewards' as const, owner: String(member) };
  const amount = input.amount === 'all' ? await deps.ledger.balance(rewards, asset) : input.amount;
  if (input.amount === 'all' && amount === 0n) {
    // The same key sent twice at once: the other request may have taken it all between the key check above
    // and this read; answer that one.
    const earlier = input.idempotencyKey !== undefined ? await byKey(deps, member, input.idempotencyKey) : null;
    return earlier ?? { ok: false, reason: 'insufficient_balance', balance: 0n };
  }
  if (amount < minimum) return { ok: false, reason: 'below_minimum', minimum };
  try {
    const row = await deps.db.transaction(async (tx) => {
      const [{ id }] = (await tx.query(`SELECT nextval(pg_get_serial_sequence('withdrawals.withdrawals', 'id'))::text AS id`)) as [{ id: string }];
      const posting = await deps.ledger.post(tx, {
        idempotencyKey: `withdraw:${id}`,
        kind: 'withdrawal',
        lines: [
          { account: rewards, asset, amount: -amount },
          { account: { kind: 'withdrawals_in_flight', owner: id }, asset, amount },
        ],
        reference: { withdrawalId: id, chainId: chain.id, to },
        memo: 'withdrawal requested',
        actor: { kind: 'user', id: String(member) },
      });
      const rows: Array<Record<string, unknown>> = await tx.query(
        `INSERT INTO withdrawals.withdrawals (id, telegram_id, bot_id, chain_id, token, to_address, amount, status, idempotency_key, posting_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $8, $9, $10) RETURNING *`,
        [id, member, input.botId, chain.id, token, to, amount.toString(), input.idempotencyKey ?? null, posting.id, deps.clock.now()],
      );
      await deps.history.append(tx, {
        actor: { kind: 'user', id: String(member) },
        action: 'withdrawal.requested',
        subject: { kind: 'withdrawal', id },
        data: { telegramId: String(member), chainId: chain.id, token, to, amount: amount.toString(), postingId: posting.id },
      });
      return rowOf(rows[0]!);
    });
    return { ok: true, withdrawal: viewOf(row, deps.chains), replayed: false };
  } catch (error) {
    // The same key sent twice at once: the other one's row won (this one then met its unique key, or the
    // balance it had already taken); answer it.
    if (input.idempotencyKey !== undefined && (isUniqueViolation(error) || error instanceof InsufficientFundsError)) {
      const earlier = await byKey(deps, member, input.idempotencyKey);
      if (earlier) return earlier;
    }
    if (error instanceof InsufficientFundsError) return { ok: false, reason: 'insufficient_balance', balance: await deps.ledger.balance(rewards, asset) };
    throw error;
  }
}

async function byKey(deps: WithdrawalsDeps, member: TelegramUserId, key: string): Promise<WithdrawalRequestResult | null> {
  const rows: Array<Record<string, unknown>> = await deps.db.query(`SELECT * FROM withdrawals.withdrawals WHERE telegram_id = $1 AND idempotency_key = $2`, [member, key]);
  return rows[0] ? { ok: true, withdrawal: viewOf(rowOf(rows[0]), deps.chains), replayed: true } : null;
}
