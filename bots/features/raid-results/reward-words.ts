// The reward split said the way a member reads it: what rule, how many shared, exact amounts in whole
// tokens. The split's `rule` (services/validation/reward-split.ts) stays the precise statement kept in the history; this is
// its plain-words counterpart for the group.
import { formatAmount } from '../../../services/platform/token-amounts.js';
import type { RewardData } from '../../../services/validation/index.js';


const members = (n: number) => `${n} member${n === 1 ? '' : 's'}`;
const points = (n: number) => `${n} point${n === 1 ? '' : 's'}`;

export function rewardWords(r: RewardData): string {
  const amount = (units: bigint) => formatAmount(units, r.pool.token);
  const pool = `🎁 Reward pool <b>${amount(r.pool.amount)}</b>`;
  if (r.qualifying === 0) return `${pool}: ${r.split === 'equal' ? 'nobody was accepted' : 'no accepted member earned points'}, so none of it is paid out.`;
  const n = BigInt(r.qualifying);
  const each = r.pool.amount / n;
  const eachText = r.remainder > 0n ? `${amount(each)} or ${amount(each + 1n)}` : amount(each);
  const lines: string[] = [];
  if (r.split === 'equal') {
    lines.push(`${pool}: split equally among the ${members(r.qualifying)} accepted, ${eachText} each.`);
  } else if (r.split === 'pro_rata') {
    const eg = r.example ? ` (${r.example.points} of ${points(r.totalPoints)} → ${amount(r.example.share)})` : '';
    lines.push(`${pool}: shared by points. The ${members(r.qualifying)} accepted earned ${points(r.totalPoints)} together, and each gets as large a part of the pool as their part of those points${eg}.`);
  } else {
    const ties = r.qualifying > r.topN ? ` (${members(r.qualifying)}: everyone tied with place ${r.topN}, on ${points(r.cutoffPoints ?? 0)}, shares too)` : '';
    lines.push(`${pool}: the top ${r.topN} accepted by points share it equally, ${eachText} each${ties}.`);
  }
  if (r.remainder > 0n) {
    const to = r.split === 'pro_rata' ? 'to those closest to the next one' : 'to the earliest claims';
    lines.push(`Rounding to the token's smallest unit left ${amount(r.remainder)}: one smallest unit each went ${to}.`);
  }
  if (r.undistributed > 0n) lines.push(`Not paid out: ${amount(r.undistributed)}.`);
  return lines.join(' ');
}
