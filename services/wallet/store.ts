import type { Tx } from '../platform/database.js';
import { chatId as toChatId, type ChatId } from '../platform/telegram-ids.js';
import type { HistoryAppender } from '../history/index.js';
import type { WalletHistoryEvent } from './history-events.js';
import { MAX_INDEX, pathOf } from './derive.js';
import { WalletKeyMismatchError } from './key-mismatch-error.js';

export interface AddressRow {
  chatId: ChatId;
  index: number;
  /** Lower case. */
  address: string;
  createdAt: Date;
}

type Row = { chat_id: string; index: string; address: string; created_at: Date };
const fromRow = (r: Row): AddressRow => ({ chatId: toChatId(r.chat_id), index: Number(r.index), address: r.address, createdAt: r.created_at });
// Each address with the chat it credits now: its group's, or the supergroup that group became (wallet.moves).
// Named as the rows are read; an ORDER BY must name the table's columns (d.index), not these text ones.
const CURRENT = `SELECT COALESCE(m.to_chat_id, d.chat_id)::text AS chat_id, d.index::text AS index, d.address, d.created_at
                   FROM wallet.deposit_addresses d LEFT JOIN wallet.moves m ON m.from_chat_id = d.chat_id`;

/** The address crediting the chat: its own, else the one of the group it was before an upgrade. */
export async function readByChat(tx: Tx, chatId: ChatId): Promise<AddressRow | null> {
  const rows: Row[] = await tx.query(`${CURRENT} WHERE d.chat_id = $1 OR m.to_chat_id = $1 ORDER BY (d.chat_id = $1) DESC, d.index LIMIT 1`, [chatId]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function readByAddress(tx: Tx, address: string): Promise<AddressRow | null> {
  const rows: Row[] = await tx.query(`${CURRENT} WHERE d.address = $1`, [address]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function readAll(tx: Tx): Promise<AddressRow[]> {
  const rows: Row[] = await tx.query(`${CURRENT} ORDER BY d.index`);
  return rows.map(fromRow);
}

/** Records that `from` became `to` (once: Telegram tells twice); true when this call recorded it. */
export async function recordMove(tx: Tx, from: ChatId, to: ChatId, now: Date, history: HistoryAppender<WalletHistoryEvent>): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO wallet.moves (from_chat_id, to_chat_id, moved_at) VALUES ($1, $2, $3) ON CONFLICT (from_chat_id) DO NOTHING RETURNING 1`,
    [from, to, now],
  );
  if (rows.length === 0) return false;
  await history.append(tx, { actor: { kind: 'system' }, action: 'wallet.group_moved', subject: { kind: 'group', id: String(to) }, data: { fromChatId: String(from), toChatId: String(to) } });
  return true;
}

/** The fingerprint of the key addresses were derived from, or null before the first one. */
export async function storedFingerprint(tx: Tx): Promise<string | null> {
  const rows: Array<{ xpub_sha256: string }> = await tx.query(`SELECT xpub_sha256 FROM wallet.key`);
  return rows[0]?.xpub_sha256 ?? null;
}

/**
 * Gives the group the next index, in `tx`, unless it has one. The key row's lock makes assigners take turns:
 * the one that waited reads the group again after the lock (a new statement under READ COMMITTED sees what
 * the other committed) and answers that row. The counter moves only with an insert, so indexes have no gaps.
 */
export async function assign(
  tx: Tx,
  input: { chatId: ChatId; fingerprint: string; now: Date; derive: (index: number) => string; history: HistoryAppender<WalletHistoryEvent> },
): Promise<AddressRow> {
  const { chatId, fingerprint, now } = input;
  await tx.query(`INSERT INTO wallet.key (xpub_sha256, created_at) VALUES ($1, $2) ON CONFLICT (singleton) DO NOTHING`, [fingerprint, now]);
  const [key]: Array<{ xpub_sha256: string; next_index: string }> = await tx.query(`SELECT xpub_sha256, next_index::text FROM wallet.key FOR UPDATE`);
  if (!key) throw new Error('wallet.key has no row after its insert');
  if (key.xpub_sha256 !== fingerprint) throw new WalletKeyMismatchError(key.xpub_sha256, fingerprint);
  const existing = await readByChat(tx, chatId);
  if (existing) return existing;
  const index = Number(key.next_index);
  if (index > MAX_INDEX) throw new Error('every non-hardened deposit index is given out');
  const address = input.derive(index);
  await tx.query(`INSERT INTO wallet.deposit_addresses (chat_id, index, address, created_at) VALUES ($1, $2, $3, $4)`, [chatId, index, address, now]);
  await tx.query(`UPDATE wallet.key SET next_index = next_index + 1`);
  await input.history.append(tx, {
    actor: { kind: 'system' },
    action: 'wallet.address_assigned',
    subject: { kind: 'group', id: String(chatId) },
    data: { index: String(index), path: pathOf(index), address },
  });
  return { chatId, index, address, createdAt: now };
}
