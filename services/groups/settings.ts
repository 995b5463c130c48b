import { z } from 'zod';
import { echo } from '../platform/echo.js';

// A group's settings. Every field has a default so a new group works at once and an old row gains new
// fields without a migration (the stored JSON is parsed through this schema on every read).
const weight = z.number().int().min(0).max(1000);
// The bounds of a raid's length, for the default here and for /raid's for= (raids' raid-command.ts imports
// them): groups keeps a group's raid defaults, and raids already depends on groups, so the bounds live here
// once and raids reads them (the other way round would be a circle).
export const MIN_RAID_MINUTES = 5;
export const MAX_RAID_MINUTES = 7 * 24 * 60;
/** The bounds as people type them ("5m to 7d"), for every message that states them. */
export const RAID_LENGTH_RANGE = `${typedMinutes(MIN_RAID_MINUTES)} to ${typedMinutes(MAX_RAID_MINUTES)}`;

function typedMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
/** The languages a group may keep mentions to: X's codes of the big crypto communities, or any. */
export const MENTION_LANGUAGES = ['any', 'en', 'es', 'pt', 'ru', 'tr', 'fr', 'de', 'it', 'ja', 'ko', 'zh', 'vi', 'id', 'th', 'ar', 'fa', 'hi', 'uk', 'pl', 'nl'] as const;

export const groupSettingsSchema = z.object({
  raid: z
    .object({
      durationMinutes: z.number().int().min(MIN_RAID_MINUTES).max(MAX_RAID_MINUTES).default(30),
      lock: z.boolean().default(false),
    })
    .prefault({}),
  points: z
    .object({
      reply: weight.default(4),
      repost: weight.default(5),
      quote: weight.default(5),
      like: weight.default(3),
      selfReport: weight.default(1),
      // Off: an action X cannot show earns selfReport only next to an action X verified. On: also for a claim
      // X verified nothing of, once an admin accepts it, so an Accept pays points for a button press alone.
      selfReportAlone: z.boolean().default(false),
    })
    .prefault({}),
  antifraud: z
    .object({
      minAccountAgeDays: z.number().int().min(0).max(3650).default(30),
      minFollowers: z.number().int().min(0).max(1_000_000).default(10),
      minReplyLength: z.number().int().min(0).max(280).default(10),
      maxClaimsPerHour: z.number().int().min(1).max(1000).default(20),
      // A claim X verified nothing of rests on the member's word alone: never accepted by itself.
      selfReportOnly: z.enum(['flag', 'reject']).default('flag'),
    })
    .prefault({}),
  rewards: z
    .object({
      split: z.enum(['equal', 'pro_rata', 'top_n']).default('pro_rata'),
      topN: z.number().int().min(1).max(1000).default(10),
      token: z.string().min(1).max(64).nullable().default(null),
      // How long a funded pool's payout waits for admins to decide flagged claimants (then they count as not accepted).
      reviewHours: z.number().int().min(0).max(720).default(24),
    })
    .prefault({}),
  feeds: z
    .object({
      // What this group's X feeds may spend a UTC day, in cents; its share of each read counts (feeds' spend.ts).
      dailyCapCents: z.number().int().min(0).max(1_000_000).default(100),
    })
    .prefault({}),
  mentions: z
    .object({
      // A relayed post's author needs this many followers (spam accounts have few).
      minFollowers: z.number().int().min(0).max(9_999_999).default(0),
      // The language X detected, or any.
      lang: z.enum(MENTION_LANGUAGES).default('any'),
      // Relays an hour at most; the rest of a flood is summarised once the hour is over.
      perHour: z.number().int().min(1).max(120).default(10),
    })
    .prefault({}),
});

export type GroupSettings = z.infer<typeof groupSettingsSchema>;

export const defaultSettings = (): GroupSettings => groupSettingsSchema.parse({});

export function readSettings(stored: unknown): GroupSettings {
  const parsed = groupSettingsSchema.safeParse(liftShortDuration(stored ?? {}));
  // A stored value that no longer fits (hand-edited, or an old version) must not lock admins out.
  return parsed.success ? parsed.data : defaultSettings();
}

/**
 * A default below the minimum was accepted before the minimum matched /raid's: it becomes the minimum, so
 * the group keeps its other settings rather than falling back to the defaults for all of them.
 */
function liftShortDuration(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const raid = (stored as { raid?: unknown }).raid;
  if (typeof raid !== 'object' || raid === null) return stored;
  const minutes = (raid as { durationMinutes?: unknown }).durationMinutes;
  if (typeof minutes !== 'number' || minutes >= MIN_RAID_MINUTES) return stored;
  return { ...stored, raid: { ...raid, durationMinutes: MIN_RAID_MINUTES } };
}

interface SettingKey {
  path: [keyof GroupSettings, string];
  kind: 'int' | 'bool' | 'duration' | 'enum' | 'token';
  help: string;
  options?: readonly string[];
}

/** What `/set` accepts: a key, its type and a line of help for the usage message. */
export const SETTING_KEYS: Record<string, SettingKey> = {
  'raid.duration': { path: ['raid', 'durationMinutes'], kind: 'duration', help: `default raid length, from ${RAID_LENGTH_RANGE}, e.g. 30m or 2h` },
  'raid.lock': { path: ['raid', 'lock'], kind: 'bool', help: 'lock the chat during raids: on or off' },
  'points.reply': { path: ['points', 'reply'], kind: 'int', help: 'points for a verified reply' },
  'points.repost': { path: ['points', 'repost'], kind: 'int', help: 'points for a verified repost' },
  'points.quote': { path: ['points', 'quote'], kind: 'int', help: 'points for a verified quote' },
  'points.like': { path: ['points', 'like'], kind: 'int', help: 'points for a verified like' },
  'points.selfreport': { path: ['points', 'selfReport'], kind: 'int', help: "points for an action X cannot show (private likes, reposts past X's 100, bookmarks), given next to a verified action" },
  'points.selfreport_alone': { path: ['points', 'selfReportAlone'], kind: 'bool', help: 'on: self-report points also for a claim X verified nothing of, once an admin accepts it (points for a button press alone); off by default' },
  'antifraud.min_account_age': { path: ['antifraud', 'minAccountAgeDays'], kind: 'int', help: 'minimum X account age in days' },
  'antifraud.min_followers': { path: ['antifraud', 'minFollowers'], kind: 'int', help: 'minimum X followers' },
  'antifraud.min_reply_length': { path: ['antifraud', 'minReplyLength'], kind: 'int', help: 'minimum reply length in characters' },
  'antifraud.max_claims_per_hour': { path: ['antifraud', 'maxClaimsPerHour'], kind: 'int', help: 'claims a member may make per hour' },
  'antifraud.self_report_only': { path: ['antifraud', 'selfReportOnly'], kind: 'enum', options: ['flag', 'reject'], help: 'a claim X verified nothing of (self-report alone): flag it for admins, or reject it' },
  'rewards.split': { path: ['rewards', 'split'], kind: 'enum', options: ['equal', 'pro_rata', 'top_n'], help: 'how a reward pool is split' },
  'rewards.top_n': { path: ['rewards', 'topN'], kind: 'int', help: 'winners when the split is top_n' },
  'rewards.review_hours': { path: ['rewards', 'reviewHours'], kind: 'int', help: 'hours a funded pool waits for flagged claimants to be decided before paying out (undecided then count as not accepted)' },
  'rewards.token': { path: ['rewards', 'token'], kind: 'token', help: 'reward token symbol, or none' },
  'mentions.min_followers': { path: ['mentions', 'minFollowers'], kind: 'int', help: 'followers a relayed mention’s author needs at least' },
  'mentions.lang': { path: ['mentions', 'lang'], kind: 'enum', options: MENTION_LANGUAGES, help: 'relay mentions in this language only (as X detected it), or any' },
  'mentions.per_hour': { path: ['mentions', 'perHour'], kind: 'int', help: 'mentions relayed an hour at most; the rest is summarised' },
  'feeds.daily_cap_cents': { path: ['feeds', 'dailyCapCents'], kind: 'int', help: "what this group's X feeds may spend a day, in US cents (100 = $1.00); 0 pauses them" },
};

export type SettingChange = { ok: true; settings: GroupSettings; key: string; value: unknown } | { ok: false; error: string };

function parseValue(spec: SettingKey, raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = raw.trim();
  switch (spec.kind) {
    case 'int':
      return /^\d{1,7}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, error: 'expects a whole number, e.g. 5' };
    case 'bool':
      if (/^(on|yes|true|1)$/i.test(text)) return { ok: true, value: true };
      if (/^(off|no|false|0)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, error: 'expects on or off' };
    case 'duration': {
      // The unit is required: "45" could be minutes or hours, and a guess taken silently is worse than a question.
      const m = /^(\d{1,5})\s*(m|min|h|d)$/i.exec(text);
      if (!m) return { ok: false, error: /^\d+$/.test(text) ? `needs a unit: ${text}m, ${text}h or ${text}d` : 'expects a duration such as 30m, 2h or 1d' };
      const unit = m[2]!.toLowerCase();
      const minutes = Number(m[1]) * (unit === 'h' ? 60 : unit === 'd' ? 1440 : 1);
      // The same bounds as /raid's for=, said in its words rather than as a schema's "out of range".
      if (minutes < MIN_RAID_MINUTES || minutes > MAX_RAID_MINUTES) return { ok: false, error: `must be from ${RAID_LENGTH_RANGE}, such as 30m or 2h (got ${echo(text)})` };
      return { ok: true, value: minutes };
    }
    case 'enum':
      return spec.options?.includes(text.toLowerCase())
        ? { ok: true, value: text.toLowerCase() }
        : { ok: false, error: `expects one of ${spec.options?.join(', ')}` };
    case 'token':
      if (/^none$/i.test(text)) return { ok: true, value: null };
      return /^[A-Za-z0-9.$_-]{1,64}$/.test(text) ? { ok: true, value: text } : { ok: false, error: 'expects a token symbol such as USDT, or none' };
  }
}

/** Applies `/set key value` to settings, validating the result against the schema's bounds. */
export function changeSetting(current: GroupSettings, key: string, raw: string): SettingChange {
  const spec = SETTING_KEYS[key.toLowerCase()];
  if (!spec) return { ok: false, error: `unknown setting "${echo(key)}"` };
  const value = parseValue(spec, raw);
  if (!value.ok) return { ok: false, error: `${key} ${value.error}` };
  const [section, field] = spec.path;
  const next = { ...current, [section]: { ...current[section], [field]: value.value } };
  const checked = groupSettingsSchema.safeParse(next);
  if (!checked.success) {
    return { ok: false, error: `${key} is out of range (${checked.error.issues[0]?.message ?? 'invalid'})` };
  }
  return { ok: true, settings: checked.data, key: key.toLowerCase(), value: value.value };
}
