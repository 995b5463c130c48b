// The launch form's state, its checks and the request it becomes. Pure; the server checks again (the
// bounds are /raid's), these only keep the MainButton off for a form that cannot succeed.
import { RAID_ACTIONS, type LaunchRaid, type PayableTokens, type RaidCounts } from '../../api/types';
import { decimalsIn, toSmallestUnit } from '../../api/token-units';
import { authorOf, type CardDraft } from './card-preview';

export interface LaunchForm {
  postUrl: string;
  /** As typed: a field may be empty while being edited. */
  targets: Record<keyof RaidCounts, string>;
  durationMinutes: number;
  lock: boolean;
  poolAmount: string;
  poolToken: string;
}

export const DURATION_CHOICES = [5, 15, 30, 60, 120, 360, 720, 1440, 4320, 10080] as const;
const MAX_TARGET = 100_000;

export const emptyForm = (durationMinutes: number, lock: boolean): LaunchForm => ({
  postUrl: '',
  targets: { replies: '', reposts: '', likes: '', quotes: '', bookmarks: '' },
  durationMinutes,
  lock,
  poolAmount: '',
  poolToken: '',
});

export type FormProblem = 'postUrl' | 'targets' | 'pool';

function targetsOf(form: LaunchForm): RaidCounts {
  const counts = {} as RaidCounts;
  for (const a of RAID_ACTIONS) {
    const n = Number(form.targets[a].trim() || '0');
    counts[a] = Number.isInteger(n) && n >= 0 ? n : NaN;
  }
  return counts;
}

/** The pool in the smallest unit, or null (no pool, or one these tokens cannot hold). */
function poolUnits(form: LaunchForm, payable: PayableTokens): string | null {
  const token = form.poolToken.trim();
  if (!/^[A-Za-z0-9.$_-]{1,16}$/.test(token)) return null;
  const decimals = decimalsIn(payable, token);
  return decimals === null ? null : toSmallestUnit(form.poolAmount, decimals);
}

/** What keeps the form from being sent; `payable` is the server's token list (GET /tokens). */
export function problemsOf(form: LaunchForm, payable: PayableTokens): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!authorOf(form.postUrl)) problems.push('postUrl');
  const targets = Object.values(targetsOf(form));
  if (targets.some((n) => Number.isNaN(n) || n > MAX_TARGET) || !targets.some((n) => n > 0)) problems.push('targets');
  if ((form.poolAmount.trim() || form.poolToken.trim()) && poolUnits(form, payable) === null) problems.push('pool');
  return problems;
}

export function toRequest(form: LaunchForm, payable: PayableTokens): LaunchRaid {
  const targets = targetsOf(form);
  const request: LaunchRaid = {
    postUrl: form.postUrl.trim(),
    targets: Object.fromEntries(RAID_ACTIONS.filter((a) => targets[a] > 0).map((a) => [a, targets[a]])),
    durationMinutes: form.durationMinutes,
    lock: form.lock,
  };
  // The API takes the smallest unit; the admin types whole tokens, as /raid's pool= reads them.
  const units = form.poolAmount.trim() ? poolUnits(form, payable) : null;
  if (units) request.pool = { amount: units, token: form.poolToken.trim().toUpperCase() };
  return request;
}

export function toDraft(form: LaunchForm, payable: PayableTokens): CardDraft {
  const targets = targetsOf(form);
  for (const a of RAID_ACTIONS) if (Number.isNaN(targets[a])) targets[a] = 0;
  const pool = problemsOf(form, payable).includes('pool') || !form.poolAmount.trim() ? null : { amount: form.poolAmount.trim(), token: form.poolToken.trim().toUpperCase() };
  return { authorUsername: authorOf(form.postUrl), targets, durationMinutes: form.durationMinutes, lock: form.lock, pool };
}
