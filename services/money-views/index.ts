// Public face of the money views: a group's balance and held pools, its deposits and its transactions, and a
// member's rewards and transactions, as data for the bot's /balance and /rewards and the Mini App. Read-only:
// the numbers are the ledger's and the deposit scanner's (deps.ts); what is decided here is which assets are
// shown, how each is named, and the explorer link of a chain transaction, so every surface says the same.
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import type { DepositStatus } from '../deposits/index.js';
import type { MoneyViewsDeps } from './deps.js';
import { assetKey, assetTable, configuredAssets, explorerTxUrl, type AssetInfo } from './assets.js';
import { entryOf, type MoneyEntry } from './entries.js';

export type { MoneyViewsDeps } from './deps.js';
export type { AssetInfo } from './assets.js';
export type { MoneyEntry } from './entries.js';
export { explorerTxUrl } from './assets.js';
import { InvalidCursorError } from '../ledger/index.js';
export { InvalidCursorError };

export interface AssetBalance {
  asset: AssetInfo;
  /** What the group can spend: its group_balance. */
  available: bigint;
  /** Held in reward pools of its raids not yet paid out or released. */
  held: bigint;
}

export interface HeldPool {
  raidId: string;
  asset: AssetInfo;
  amount: bigint;
}

export interface GroupBalance {
  /** Every configured asset, in the chains' order, then any other asset the group still holds. */
  balances: AssetBalance[];
  /** Each pool still held, newest raid first. */
  pools: HeldPool[];
}

export interface MemberReward {
  asset: AssetInfo;
  /** Earned and not withdrawn (member_rewards), in the token's smallest unit. */
  amount: bigint;
}

export interface DepositView {
  id: string;
  asset: AssetInfo;
  amount: bigint;
  from: string;
  txHash: string;
  explorerUrl: string | null;
  /** seen: pending, waiting for confirmations; credited: in the group's balance; dropped: its block left the
   * chain (or the transaction failed); reversed: credited, then taken back after a deep reorg. */
  status: DepositStatus;
  /** As of the scanner's last pass (frozen once credited). */
  confirmations: number;
  /** What the chain needs before a deposit is credited. */
  requiredConfirmations: number;
  seenAt: Date;
  creditedAt: Date | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | null;
  /** Default 20, at most 100. */
  limit?: number;
}

export interface MoneyViews {
  /** The group's balance per asset (available and held in pools) and its pools still held. */
  groupBalance(chatId: ChatId): Promise<GroupBalance>;
  /** The member's rewards per asset: every configured asset, then any other the member still holds. */
  memberRewards(telegramUserId: TelegramUserId): Promise<MemberReward[]>;
  /** The group balance's movements in every asset, newest first. A cursor it did not give throws
   * InvalidCursorError. */
  groupTransactions(chatId: ChatId, page?: PageRequest): Promise<Page<MoneyEntry>>;
  /** The member's rewards' movements in every asset, newest first (earned, withdrawn, returned). */
  memberTransactions(telegramUserId: TelegramUserId, page?: PageRequest): Promise<Page<MoneyEntry>>;
  /** The group's deposits newest first, pending and done, with their confirmations. A cursor it did not give
   * throws InvalidCursorError. */
  groupDeposits(chatId: ChatId, page?: PageRequest): Promise<Page<DepositView>>;
}

const limitOf = (page: PageRequest) => Math.min(100, Math.max(1, Math.trunc(page.limit ?? 20)));

export function createMoneyViews({ ledger, deposits, chains }: MoneyViewsDeps): MoneyViews {
  const infoOf = assetTable(chains);

  /** The configured assets, then any other with an amount in `amounts` (by assetKey) that is not zero. */
  function shownAssets(amounts: Iterable<string>): AssetInfo[] {
    const listed = configuredAssets(chains);
    const known = new Set(listed.map(assetKey));
    const others = [...new Set(amounts)].filter((k) => !known.has(k)).map((k) => {
      const [chainId, token] = [Number(k.slice(0, k.indexOf('/'))), k.slice(k.indexOf('/') + 1)];
      return infoOf({ chainId, token });
    });
    return [...listed, ...others];
  }

  async function statement(account: { kind: 'group_balance' | 'member_rewards'; owner: string }, page: PageRequest): Promise<Page<MoneyEntry>> {
    const found = await ledger.ownerStatement(account, { cursor: page.cursor ?? null, limit: limitOf(page) });
    return { items: found.entries.map((e) => entryOf(e, infoOf(e.asset), chains)), nextCursor: found.nextCursor };
  }

  return {
    async groupBalance(chatId) {
      const account = { kind: 'group_balance' as const, owner: String(chatId) };
      const [available, funded] = await Promise.all([ledger.balances(account), ledger.fundedAccounts(account, 'group_pool')]);
      const availableBy = new Map(available.filter((b) => b.balance !== 0n).map((b) => [assetKey(b.asset), b.balance]));
      const heldBy = new Map<string, bigint>();
      for (const p of funded) heldBy.set(assetKey(p.asset), (heldBy.get(assetKey(p.asset)) ?? 0n) + p.balance);
      return {
        balances: shownAssets([...availableBy.keys(), ...heldBy.keys()]).map((asset) => ({
          asset,
          available: availableBy.get(assetKey(asset)) ?? 0n,
          held: heldBy.get(assetKey(asset)) ?? 0n,
        })),
        pools: funded.map((p) => ({ raidId: p.account.owner, asset: infoOf(p.asset), amount: p.balance })),
      };
    },

    async memberRewards(telegramUserId) {
      const held = await ledger.balances({ kind: 'member_rewards', owner: String(telegramUserId) });
      const by = new Map(held.filter((b) => b.balance !== 0n).map((b) => [assetKey(b.asset), b.balance]));
      return shownAssets(by.keys()).map((asset) => ({ asset, amount: by.get(assetKey(asset)) ?? 0n }));
    },

    groupTransactions: (chatId, page = {}) => statement({ kind: 'group_balance', owner: String(chatId) }, page),
    memberTransactions: (telegramUserId, page = {}) => statement({ kind: 'member_rewards', owner: String(telegramUserId) }, page),

    async groupDeposits(chatId, page = {}) {
      const limit = limitOf(page);
      if (page.cursor != null && !/^[1-9]\d{0,18}$/.test(page.cursor)) throw new InvalidCursorError(page.cursor);
      const rows = await deposits.ofGroup(chatId, { limit: limit + 1, ...(page.cursor ? { beforeId: page.cursor } : {}) });
      const items = rows.slice(0, limit).map((d) => {
        const chain = chains.find((c) => c.id === d.chainId);
        return {
          id: d.id,
          asset: infoOf({ chainId: d.chainId, token: d.token }),
          amount: d.amount,
          from: d.from,
          txHash: d.txHash,
          explorerUrl: explorerTxUrl(chains, d.chainId, d.txHash),
          status: d.status,
          confirmations: d.confirmations,
          // The scanner credits at head - block + 1 >= max(1, confirmations) (services/deposits/credit.ts).
          requiredConfirmations: Math.max(1, chain?.confirmations ?? 1),
          seenAt: d.seenAt,
          creditedAt: d.creditedAt,
        };
      });
      return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
    },
  };
}
