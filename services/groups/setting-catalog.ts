import { z } from 'zod';
import { groupSettingsSchema, SETTING_KEYS, type GroupSettings } from './settings.js';
import { formatSettingValue } from './settings-value.js';

// Every setting `/set` takes, described for a form (the Mini App's settings page): its value as /settings
// shows it and the bounds `/set` enforces. The bounds are read from groupSettingsSchema itself, so a bound
// changed there is the bound shown everywhere.

export type SettingSection = keyof GroupSettings;
export type SettingKind = (typeof SETTING_KEYS)[string]['kind'];

export interface SettingView {
  key: string;
  section: SettingSection;
  kind: SettingKind;
  /** The stored value: a number (a duration in minutes), a boolean, an option, a token symbol or null. */
  value: number | boolean | string | null;
  /** The value as an admin writes it to `/set` and /settings shows it: "30m", "on", "none". */
  text: string;
  /** Inclusive bounds of a number (a duration's in minutes). */
  min?: number;
  max?: number;
  options?: readonly string[];
  help: string;
}

/** The zod schema of one field, without its default, prefault or nullable wrapper. */
function bareField(section: SettingSection, field: string): z.ZodType {
  let schema: z.ZodType = groupSettingsSchema.shape[section];
  for (;;) {
    if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodNullable) schema = schema.unwrap() as z.ZodType;
    else if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[field]!;
    else return schema;
  }
}

function bounds(section: SettingSection, field: string): { min?: number; max?: number } {
  const schema = bareField(section, field);
  if (!(schema instanceof z.ZodNumber)) return {};
  const { minValue, maxValue } = schema;
  return {
    ...(minValue !== null && Number.isFinite(minValue) ? { min: minValue } : {}),
    ...(maxValue !== null && Number.isFinite(maxValue) ? { max: maxValue } : {}),
  };
}

/** One setting of `settings` by its `/set` key (lower case), or null for a key `/set` does not know. */
export function describeSetting(settings: GroupSettings, key: string): SettingView | null {
  const spec = SETTING_KEYS[key];
  if (!spec) return null;
  const [section, field] = spec.path;
  const value = (settings[section] as Record<string, SettingView['value']>)[field] ?? null;
  return {
    key,
    section,
    kind: spec.kind,
    value,
    text: formatSettingValue(key, value),
    ...bounds(section, field),
    ...(spec.options ? { options: spec.options } : {}),
    help: spec.help,
  };
}

/** Every setting `/set` takes, in SETTING_KEYS' order (section by section). */
export function describeSettings(settings: GroupSettings): SettingView[] {
  return Object.keys(SETTING_KEYS).map((key) => describeSetting(settings, key)!);
}
