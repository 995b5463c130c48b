import { SETTING_KEYS } from './settings.js';

/** A setting's duration as an admin writes it back to /set: "45m", "2h", "1d". */
export const durationValue = (minutes: number) =>
  minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;

/** A setting's value as an admin writes it: a duration with its unit, on/off, "none" (what /set reads). */
export function formatSettingValue(key: string, value: unknown): string {
  if (value === null) return 'none';
  if (value === true) return 'on';
  if (value === false) return 'off';
  if (SETTING_KEYS[key]?.kind === 'duration' && typeof value === 'number') return durationValue(value);
  return String(value);
}
