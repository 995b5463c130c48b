// The auto-raid form's state, its checks and the request it becomes. Pure; the server checks again with
// /raid's bounds, these only keep the MainButton off for a form that cannot succeed.
import type { AutoRaid, AutoRaidRequest } from '../../api/feeds-types';
import { RAID_ACTIONS, type RaidCounts } from '../../api/types';

export interface AutoRaidForm {
  handle: string;
  /** As typed: a field may be empty while being edited. */
  targets: Record<keyof RaidCounts, string>;
  durationMinutes: number;
  lock: boolean;
  replies: boolean;
  replace: boolean;
}

export type AutoRaidProblem = 'handle' | 'targets';

const MAX_TARGET = 100_000;
const HANDLE = /^@?[A-Za-z0-9_]{1,15}$/;

/** The form for the auto-raid as it is, or an empty one with the group's raid defaults when it is off. */
export function formOf(current: AutoRaid | null, defaults: { durationMinutes: number; lock: boolean }): AutoRaidForm {
  if (!current) {
    return { handle: '', targets: { replies: '', reposts: '', likes: '', quotes: '', bookmarks: '' }, ...defaults, replies: false, replace: false };
  }
  const targets = Object.fromEntries(RAID_ACTIONS.map((a) => [a, current.targets[a] > 0 ? String(current.targets[a]) : ''])) as AutoRaidForm['targets'];
  return { handle: current.username, targets, durationMinutes: current.durationMinutes, lock: current.lock, replies: current.replies, replace: current.onNewer === 'replace' };
}

function counts(form: AutoRaidForm): RaidCounts {
  const out = {} as RaidCounts;
  for (const a of RAID_ACTIONS) {
    const n = Number(form.targets[a].trim() || '0');
    out[a] = Number.isInteger(n) && n >= 0 && n <= MAX_TARGET ? n : NaN;
  }
  return out;
}

export function problemsOf(form: AutoRaidForm): AutoRaidProblem[] {
  const problems: AutoRaidProblem[] = [];
  if (!HANDLE.test(form.handle.trim())) problems.push('handle');
  const n = Object.values(counts(form));
  if (n.some(Number.isNaN) || !n.some((x) => x > 0)) problems.push('targets');
  return problems;
}

export function toRequest(form: AutoRaidForm): AutoRaidRequest {
  const n = counts(form);
  return {
    handle: form.handle.trim(),
    targets: Object.fromEntries(RAID_ACTIONS.filter((a) => n[a] > 0).map((a) => [a, n[a]])),
    durationMinutes: form.durationMinutes,
    lock: form.lock,
    replies: form.replies,
    onNewer: form.replace ? 'replace' : 'wait',
  };
}
