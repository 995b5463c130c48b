// Numbers, money and times as the feed texts write them. Times are UTC: a group's members live in many
// zones, and X's billing day (when a paused feed resumes) is a UTC day.

/** A count as X shows it: 999, 12.3K, 4.5M. Rounded down, so 999_999 reads 999.9K and never 1000K. */
export function shortCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '0';
  for (const [size, unit] of [[1e9, 'B'], [1e6, 'M'], [1e3, 'K']] as const) {
    if (n >= size) {
      // n * 10 / size, not n / size * 10: 2300 / 1000 * 10 is not exactly 23 in floating point.
      const tenths = Math.floor((n * 10) / size);
      return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}${unit}`;
    }
  }
  return String(Math.floor(n));
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Integer micro-dollars in dollars and cents, exact in bigint (money is never a float here):
 * 1_500_000n → "$1.50". Fractions of a cent are rounded down and the text says so: 1_234_567n →
 * "about $1.23", and 4_000n → "less than $0.01" (not "about $0.00", which reads as nothing spent). */
export function usd(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const cents = abs / 10_000n;
  const rounded = abs % 10_000n !== 0n;
  if (rounded && cents === 0n && !negative) return 'less than $0.01';
  const amount = `${negative ? '-' : ''}$${groupThousands((cents / 100n).toString())}.${(cents % 100n).toString().padStart(2, '0')}`;
  return rounded ? `about ${amount}` : amount;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "14:05" in UTC. */
export const utcTime = (d: Date): string => d.toISOString().slice(11, 16);
/** "Mar 4" in UTC (no locale: the text must not depend on the server's). */
export const utcDay = (d: Date): string => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;

const sameUtcDay = (a: Date, b: Date) => a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);

/** "between 14:00 and 15:10 UTC", with the days when the window crosses midnight. */
export function utcWindow(start: Date, end: Date): string {
  return sameUtcDay(start, end)
    ? `between ${utcTime(start)} and ${utcTime(end)} UTC`
    : `between ${utcDay(start)} ${utcTime(start)} and ${utcDay(end)} ${utcTime(end)} UTC`;
}

/** "Mar 3 14:00 – Mar 10 14:00 UTC": both ends with their times, since whether `until` is the last day
 * counted or the first one left out is not for a text to guess. */
export const utcPeriod = (since: Date, until: Date): string => `${utcDay(since)} ${utcTime(since)} – ${utcDay(until)} ${utcTime(until)} UTC`;

/** "1 post", "3 posts". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
