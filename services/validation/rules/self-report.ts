// A claim none of whose requested actions X verified, but which X cannot rule out either (private likes,
// reposts past X's 100, bookmarks, replies older than search reaches): it rests on the member's word alone.
// Pressing "I raided" costs nothing, so such a claim is never accepted by itself: it is flagged for the
// admins (the default) or rejected, as the group's `antifraud.self_report_only` setting says.
import type { FraudRule } from '../anti-fraud.js';
import { ACTIONS, claimBasis, type Action, type ClaimantJudgement } from '../types.js';

/** Why X cannot show each action, in a member's words. */
function hiddenBecause(a: Action, note: string): string {
  if (a === 'bookmark') return 'bookmarks are private';
  if (a === 'like') return /private/.test(note) ? 'likes are private' : 'X lists the first 100 likers only';
  if (a === 'repost') return /timeline/.test(note) ? 'X lists 100 reposters at most; the timeline could not be read' : 'X lists 100 reposters at most';
  return 'X search no longer reaches them';
}

function unverifiable(j: ClaimantJudgement): string {
  const list = ACTIONS.filter((a) => j.actions[a].requested && j.actions[a].status === 'unverifiable').map((a) => `the ${a} (${hiddenBecause(a, j.actions[a].note)})`);
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list.at(-1)}` : list.join('');
}

export const selfReportOnlyRule: FraudRule = {
  id: 'self_report_only',
  prepare: (_all, ctx) => {
    const severity = ctx.thresholds.selfReportOnly ?? 'flag';
    // A flag's verdict already says an admin decides; a rejection says it is this group's choice.
    const outcome = severity === 'flag' ? '' : '; this group rejects such claims';
    return (j) => {
      if (claimBasis(j.actions) !== 'self_report') return [];
      return [{ rule: 'self_report_only', severity, reason: `self-report alone: X shows none of the requested actions, and cannot show ${unverifiable(j)}${outcome}` }];
    };
  },
};
