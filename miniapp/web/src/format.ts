// Numbers, money, dates and durations in the user's language, through Intl only. Pure (no DOM): the
// locale is passed in, picked once at launch by `pickLocale`.
import type { Money } from './api/types';

/** Telegram's language_code of the user, else the browser's; a code Intl does not know falls back to en. */
export function pickLocale(languageCode: string | undefined, navigatorLanguage: string | undefined): string {
  for (const candidate of [languageCode, navigatorLanguage]) {
    if (!candidate) continue;
    try {
      return Intl.getCanonicalLocales(candidate)[0] ?? 'en';
    } catch {
      // "xx_YY" or garbage: try the next source.
    }
  }
  return 'en';
}

export interface Format {
  locale: string;
  number(n: number): string;
  /** Exact, from the smallest unit: no float ever touches an amount. */
  money(m: Money): string;
  dateTime(iso: string): string;
  /** A day as UTC has it (a weekly board's Monday 00:00 UTC is that Monday everywhere). */
  utcDate(iso: string): string;
  /** The same day without its year ("Mar 5"): a chart's axis, where the year is in the period beside it. */
  utcDay(iso: string): string;
  /** "950", "1.2K", "34K": an axis label in little room. */
  compact(n: number): string;
  /** "30 min", "2 hr", "1 hr 30 min", "7 days" */
  minutes(total: number): string;
  /** A countdown, to the minute; "0 min" once past. */
  remaining(ms: number): string;
  percent(done: number, target: number): number;
}

export function createFormat(locale: string): Format {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimalSeparator = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  const unit = (u: 'minute' | 'hour' | 'day') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' });
  const [perMinute, perHour, perDay] = [unit('minute'), unit('hour'), unit('day')];
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const utcDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const utcDay = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });

  function minutes(total: number): string {
    const m = Math.max(0, Math.round(total));
    if (m >= 1440 && m % 1440 === 0) return perDay.format(m / 1440);
    if (m < 60) return perMinute.format(m);
    const h = Math.floor(m / 60);
    return m % 60 === 0 ? perHour.format(h) : `${perHour.format(h)} ${perMinute.format(m % 60)}`;
  }

  return {
    locale,
    number: (n) => integer.format(n),
    money({ amount, decimals, token }) {
      const digits = amount.replace(/^0+(?=\d)/, '').padStart(decimals + 1, '0');
      const whole = BigInt(digits.slice(0, digits.length - decimals));
      const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
      return `${integer.format(whole)}${fraction ? decimalSeparator + fraction : ''} ${token}`;
    },
    dateTime: (iso) => dateTime.format(new Date(iso)),
    utcDate: (iso) => utcDate.format(new Date(iso)),
    utcDay: (iso) => utcDay.format(new Date(iso)),
    compact: (n) => compact.format(n),
    minutes,
    remaining: (ms) => minutes(Math.ceil(Math.max(0, ms) / 60_000)),
    percent: (done, target) => (target <= 0 ? 100 : Math.min(100, Math.round((done / target) * 100))),
  };
}
