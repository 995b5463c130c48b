// X bills the app per UTC day. A read serves every group that follows the account, so its cost is shared
// out among them, exactly (integer micro-dollars, the remainder to the first groups in chat id order).

export function shareOut<T>(costMicros: bigint, groups: readonly T[]): Array<{ group: T; micros: bigint }> {
  if (groups.length === 0 || costMicros <= 0n) return [];
  const n = BigInt(groups.length);
  const base = costMicros / n;
  let remainder = costMicros % n;
  return groups.map((group) => {
    const extra = remainder > 0n ? 1n : 0n;
    remainder -= extra;
    return { group, micros: base + extra };
  });
}

/** The next 00:00 UTC after `at`: when X's billing day, and so the caps, start again. */
export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** Cents (a group setting) as micro-dollars. */
export const centsToMicros = (cents: number): bigint => BigInt(cents) * 10_000n;
