// Token amounts for people: the exact decimal of an integer of the token's smallest unit, no float rounding.

/** `units` of a token with `decimals` as decimal text in whole tokens: 1500500000n, 6 -> "1500.5". */
export function unitsText(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const base = 10n ** BigInt(decimals);
  const fraction = decimals === 0 ? '' : (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / base}${fraction ? `.${fraction}` : ''}`;
}
