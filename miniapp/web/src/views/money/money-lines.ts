// The money views' lines as words: a movement's title and signed amount, a deposit's state, a withdrawal's
// amount read from what a member types. Pure, so the rules are unit-tested.
import type { AssetName, DepositRow, MoneyEntry } from '../../api/types';
import type { Format } from '../../format';
import type { Texts } from '../../texts/en';
import { toSmallestUnit } from '../../api/token-units';

/** An amount of an asset, exact, in the user's number format. */
export const amountOf = (format: Format, asset: Pick<AssetName, 'decimals' | 'symbol'>, amount: string) => format.money({ amount, decimals: asset.decimals, token: asset.symbol });

/** "+5 USDC" or "−40 USDC": what came in or went out of the account. */
export function signedAmount(format: Format, entry: MoneyEntry): string {
  const negative = entry.amount.startsWith('-');
  return `${negative ? '−' : '+'}${amountOf(format, entry, negative ? entry.amount.slice(1) : entry.amount)}`;
}

/** What the movement was, seen from the account it is in: a group's balance or a member's rewards. */
export function entryTitle(entry: MoneyEntry, texts: Texts, of: 'group' | 'member' = 'group'): string {
  const m = texts.money;
  const title =
    of === 'member'
      ? (m.memberKinds[entry.kind] ?? m.kinds[entry.kind] ?? entry.kind)
      : entry.kind === 'raid.payout' && !entry.amount.startsWith('-')
        ? m.payoutRemainder
        : (m.kinds[entry.kind] ?? entry.kind);
  return entry.raidId ? `${title} · ${m.raid(entry.raidId)}` : title;
}

export function depositState(d: DepositRow, texts: Texts): string {
  const s = texts.money.depositStatus;
  return d.status === 'seen' ? s.seen(Math.min(d.confirmations, d.requiredConfirmations), d.requiredConfirmations) : s[d.status];
}

/** A long hex (an address, a hash) shortened for a line: 0x1234…abcd. */
export const shortHex = (hex: string) => (hex.length > 14 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex);

/** What a member typed as a withdrawal amount: 'all', or whole tokens to the smallest unit; null if neither. */
export function withdrawalAmount(typed: string, decimals: number): string | null {
  if (typed.trim().toLowerCase() === 'all') return 'all';
  return toSmallestUnit(typed, decimals);
}

/** Bigint comparison of two integer strings (the smallest unit). */
export const below = (a: string, b: string) => BigInt(a) < BigInt(b);
