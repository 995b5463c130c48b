import { describe, expect, it } from 'vitest';
import * as validation from './index.js';

describe('validation index', () => {
  it('exposes the pipeline, the parsers and the exports', () => {
    for (const name of ['validateRaid', 'judgeClaimants', 'assessClaimants', 'scoreClaimants', 'splitReward', 'raidResultDigest', 'raidReportCsv', 'leaderboardCsv', 'parseRaidCommand', 'parsePostUrl', 'claimBasis']) {
      expect(typeof (validation as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(validation.DEFAULT_RULES.map((r) => r.id)).toEqual([
      'blacklist', 'shared_account', 'no_engagement', 'self_report_only', 'account_age', 'followers', 'reply_length', 'near_duplicate', 'claim_rate',
    ]);
  });
});
