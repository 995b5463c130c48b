// The wallet: each group's deposit address, derived from the deployment's extended public key (WALLET_XPUB,
// exported at m/44'/60'/0'/0; group address i is its non-hardened child i). The server holds the public key
// only: it can name addresses and never move what arrives there (the operator sweeps with the private key,
// elsewhere). One address serves every configured chain and token: an EVM address is the same on each.
import { getAddress } from 'ethers';
import type { ServiceSchema } from '../platform/database.js';
import type { ChatId } from '../platform/telegram-ids.js';
import type { WalletDeps } from './deps.js';
import { addressAt, fingerprintOf, pathOf, publicNode } from './derive.js';
import { assign, readAll, readByAddress, readByChat, recordMove, storedFingerprint } from './store.js';
import { WalletKeyMismatchError } from './key-mismatch-error.js';
import { CreateWallet1764000011000 } from './migrations/create-wallet-1764000011000.js';

export type { WalletDeps } from './deps.js';
export type { WalletHistoryEvent } from './history-events.js';
export { WalletKeyMismatchError } from './key-mismatch-error.js';
export { DEPOSIT_ACCOUNT_PATH } from '../platform/deposit-xpub.js';
/** `warhorn wallet sweep` (README, Sweeping): moves what the deposit addresses hold to the hot wallet, with
 * the extended private key given to that command only. Refuses (SweepRefusedError, nothing sent) a bad or
 * wrong key; a chain failure part way is a SweepFailedError (a run again picks up what is left). */
export { sweep, type SweepDeps, type SweepOptions, type SweepResult } from './sweep.js';
export { SweepFailedError, SweepRefusedError } from './sweep-errors.js';
export type { SweepMove } from './sweep-execute.js';
/** The chains' providers for a sweep run from the CLI (one per chain; close() when done). */
export { sweepProviders } from './sweep-providers.js';

export const walletSchema: ServiceSchema = { migrations: [CreateWallet1764000011000] };

/** A group's deposit address. */
export interface DepositAddress {
  chatId: ChatId;
  /** EIP-55 checksummed, as people copy it. */
  address: string;
  /** The child index under WALLET_XPUB. */
  index: number;
  /** The full path the operator's wallet derives it at, e.g. m/44'/60'/0'/0/7. */
  path: string;
  createdAt: Date;
}

/** One address the deposit scanner watches. */
export interface WatchedAddress {
  /** Lower case, for comparing with what logs and transactions carry (lower-case them too). */
  address: string;
  chatId: ChatId;
}

export interface Wallet {
  /** The group's deposit address, given on the first ask (the next index, exactly once even when asked
   * concurrently; recorded in history) and the same ever after. Throws WalletKeyMismatchError when
   * WALLET_XPUB is not the key earlier addresses came from. */
  addressOf(chatId: ChatId): Promise<DepositAddress>;
  /** Every address given out, with its group, in index order: what the deposit scanner matches against. */
  watched(): Promise<WatchedAddress[]>;
  /** The group whose deposit address this is (any letter case), or null. */
  owner(address: string): Promise<ChatId | null>;
  /** A group upgraded to a supergroup (a new chat id, groups.migrate): its address credits the new chat and
   * is the one /deposit shows there (unless the new chat already had its own; both then credit it), and
   * each of its group balances moves to the new chat id in the same transaction (ledger key
   * `migrate:<from>:<to>:<chainId>:<token>`), so /balance there shows it. Pools held for raids stay with
   * their raid (what they return goes to the new chat: raids and payout follow groups' migrated_to_chat_id).
   * Idempotent (Telegram tells twice); true when this call recorded the move. */
  follow(fromChatId: ChatId, toChatId: ChatId): Promise<boolean>;
}

/** Built only when WALLET_XPUB is set (without it money is off and nothing calls this). Reads the stored key
 * fingerprint first: a different WALLET_XPUB stops start-up with WalletKeyMismatchError. */
export async function createWallet(deps: WalletDeps): Promise<Wallet> {
  const { db, clock, history, log } = deps;
  const node = publicNode(deps.xpub);
  const fingerprint = fingerprintOf(deps.xpub);
  const stored = await storedFingerprint(db.manager);
  if (stored !== null && stored !== fingerprint) throw new WalletKeyMismatchError(stored, fingerprint);

  const answer = (row: { chatId: ChatId; index: number; address: string; createdAt: Date }): DepositAddress => ({
    chatId: row.chatId,
    address: getAddress(row.address),
    index: row.index,
    path: pathOf(row.index),
    createdAt: row.createdAt,
  });

  return {
    async addressOf(chatId) {
      const known = await readByChat(db.manager, chatId);
      if (known) return answer(known);
      const row = await db.transaction((tx) => assign(tx, { chatId, fingerprint, now: clock.now(), derive: (i) => addressAt(node, i), history }));
      log.info({ chatId, index: row.index }, 'deposit address assigned');
      return answer(row);
    },
    async watched() {
      return (await readAll(db.manager)).map((r) => ({ address: r.address, chatId: r.chatId }));
    },
    async owner(address) {
      if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return null;
      return (await readByAddress(db.manager, address.toLowerCase()))?.chatId ?? null;
    },
    async follow(fromChatId, toChatId) {
      if (fromChatId === toChatId) return false;
      return db.transaction(async (tx) => {
        if (!(await recordMove(tx, fromChatId, toChatId, clock.now(), history))) return false;
        // Moved with the record of the move, once: Telegram's second message finds the move recorded and
        // posts nothing (the key would refuse a second transfer of another amount anyway).
        const from = { kind: 'group_balance', owner: String(fromChatId) } as const;
        const to = { kind: 'group_balance', owner: String(toChatId) } as const;
        for (const { asset, balance } of (await deps.ledger?.balances(from, tx)) ?? []) {
          if (balance <= 0n) continue;
          await deps.ledger!.post(tx, {
            idempotencyKey: `migrate:${fromChatId}:${toChatId}:${asset.chainId}:${asset.token}`,
            kind: 'group.migrated',
            lines: [{ account: from, asset, amount: -balance }, { account: to, asset, amount: balance }],
            reference: { fromChatId: String(fromChatId), toChatId: String(toChatId) },
          });
          log.info({ fromChatId, toChatId, chainId: asset.chainId, token: asset.token }, 'group balance moved to the upgraded chat');
        }
        return true;
      });
    },
  };
}
