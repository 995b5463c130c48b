import { z } from 'zod';
import { ACTIONS, type ClaimantResult, type Evidence, type Validation } from '../../../../services/validation/index.js';
import type { RaidRecord } from '../../../../services/raids/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { raidForChange, raidForView } from '../raid-access.js';
import { ApiError, notFound } from '../errors.js';
import { errorResponses, money, raidIdParam, userIdParam } from '../schemas.js';
import { poolOf } from './raid-views.js';

// After a raid: what validation found for every claimant, an admin's decision on a flagged one, and the
// `/raidreport` CSV. The words and reason codes are validation's (services/validation/claimant-results.ts).

const iso = z.iso.datetime();
const verdict = z.enum(['accepted', 'flagged', 'rejected']);

const evidence = z.object({
  /** What showed it: replies (the conversation search), quotes, retweeted_by, liking_users or timeline. */
  source: z.string(),
  postId: z.string().nullable(),
  url: z.string().nullable(),
  at: iso.nullable(),
  /** The text of a reply or quote. */
  text: z.string().nullable(),
});

const action = z.object({
  verdict: z.enum(['verified', 'not_found', 'unverifiable']),
  requested: z.boolean(),
  evidence: z.array(evidence),
  preRaid: z.array(evidence),
  note: z.string(),
  /** Codes: not_requested, seen_during_raid, not_found, x_cannot_show, x_never_shows_bookmarks, before_raid,
   * reply_length, near_duplicate. */
  reasons: z.array(z.string()),
});

const decisionView = z.object({ decision: z.enum(['accept', 'reject']), by: z.number().int(), at: iso });

const claimant = z.object({
  userId: z.number().int(),
  name: z.string().nullable(),
  username: z.string().nullable(),
  xUserId: z.string(),
  xUsername: z.string(),
  claimedAt: iso,
  verdict: z.union([verdict, z.literal('pending')]),
  points: z.number().int(),
  /** What an Accept awards a flagged claimant. */
  computedPoints: z.number().int(),
  reward: money.nullable(),
  restsOn: z.enum(['verified', 'self_report', 'none']).nullable(),
  actions: z.object(Object.fromEntries(ACTIONS.map((a) => [a, action])) as Record<(typeof ACTIONS)[number], typeof action>).nullable(),
  /** The anti-fraud rules that spoke: code (the rule), severity, and the sentence. */
  reasons: z.array(z.object({ code: z.string(), severity: z.enum(['flag', 'reject']), message: z.string() })),
  flagged: z.boolean(),
  awaitingDecision: z.boolean(),
  decision: decisionView.nullable(),
  appeal: z.enum(['none', 'pending', 'upheld', 'overturned']),
});

const resultsResponse = z.object({
  raidId: z.string(),
  status: z.enum(['pending', 'validated']),
  summary: z
    .object({
      counts: z.object({ accepted: z.number().int(), flagged: z.number().int(), rejected: z.number().int() }),
      /** The pool's split rule, with what was left over, in the token's smallest unit. */
      reward: z.object({ rule: z.string(), remainder: z.string(), undistributed: z.string() }).nullable(),
      xRequests: z.number().int(),
      validatedAt: iso,
    })
    .nullable(),
  claimants: z.array(claimant),
});

const raidParams = z.object({ raidId: raidIdParam });
const claimantParams = z.object({ raidId: raidIdParam, userId: userIdParam });

const evidenceView = (e: Evidence): z.infer<typeof evidence> => ({
  source: e.source,
  postId: e.postId ?? null,
  url: e.postId ? `https://x.com/i/status/${e.postId}` : null,
  at: e.at?.toISOString() ?? null,
  text: e.text ?? null,
});

function claimantView(c: ClaimantResult, raid: RaidRecord): z.infer<typeof claimant> {
  const pool = poolOf(raid);
  return {
    userId: c.telegramUserId,
    name: c.profile?.firstName ?? null,
    username: c.profile?.username ?? null,
    xUserId: c.xUserId,
    xUsername: c.xUsername,
    claimedAt: c.claimedAt.toISOString(),
    verdict: c.verdict,
    points: c.points,
    computedPoints: c.computedPoints,
    reward: c.reward !== null && pool ? { ...pool, amount: c.reward.toString() } : null,
    restsOn: c.restsOn,
    actions: c.actions && (Object.fromEntries(
      ACTIONS.map((a) => {
        const v = c.actions![a];
        return [a, { verdict: v.status, requested: v.requested, evidence: v.evidence.map(evidenceView), preRaid: v.preRaid.map(evidenceView), note: v.note, reasons: v.reasons }];
      }),
    ) as Record<(typeof ACTIONS)[number], z.infer<typeof action>>),
    reasons: c.flags.map((f) => ({ code: f.rule, severity: f.severity, message: f.reason })),
    flagged: c.flagged,
    awaitingDecision: c.awaitingDecision,
    decision: c.decision && { decision: c.decision.decision, by: c.decision.by, at: c.decision.at.toISOString() },
    appeal: c.appeal,
  };
}

/** Validation runs only where X is configured: without it a raid has no results. */
function validationOf(deps: MiniAppApiDeps): Validation {
  if (!deps.validation) throw new ApiError(409, 'x_not_configured', 'X is not configured on this deployment, so raids are not validated');
  return deps.validation;
}

export function registerRaidResultRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/raids/:raidId/results',
    { schema: { summary: 'Every claimant: verdict, each action\'s evidence and reasons, the decision', tags: ['raids'], params: raidParams, response: { 200: resultsResponse, ...errorResponses } } },
    async (request) => {
      const raid = await raidForView(deps, callerOf(request), request.params.raidId);
      const results = await validationOf(deps).claimantResults(raid.id);
      if (!results) throw notFound('This raid');
      const s = results.summary;
      return {
        raidId: raid.id,
        status: results.status,
        summary: s && {
          counts: s.counts,
          reward: s.reward && { rule: s.reward.rule, remainder: s.reward.remainder.toString(), undistributed: s.reward.undistributed.toString() },
          xRequests: s.xRequests,
          validatedAt: s.validatedAt.toISOString(),
        },
        claimants: results.claimants.map((c) => claimantView(c, raid)),
      };
    },
  );

  app.post(
    '/raids/:raidId/claimants/:userId/decision',
    {
      schema: {
        summary: 'Accepts or rejects a flagged claimant (or a pending appeal), as the review buttons',
        tags: ['raids'],
        params: claimantParams,
        body: z.object({ decision: z.enum(['accept', 'reject']) }).strict(),
        response: { 200: z.object({ verdict, points: z.number().int(), decision: decisionView }), ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const raid = await raidForChange(deps, caller, request.params.raidId);
      const result = await validationOf(deps).decide(raid.id, request.params.userId, caller.userId, request.body.decision);
      if (!result.ok) {
        if (result.reason === 'not_found') throw notFound('This claimant\'s result');
        // not_pending: said as what the admin sees, a decision someone made or a claim nobody flagged.
        if (result.outcome?.decidedBy != null) throw new ApiError(409, 'already_decided', 'An admin already decided this claim');
        throw new ApiError(409, 'not_flagged', 'This claim was not flagged for a decision');
      }
      const o = result.outcome;
      return { verdict: o.verdict, points: o.points, decision: { decision: request.body.decision, by: caller.userId, at: o.decidedAt!.toISOString() } };
    },
  );

  app.get(
    '/raids/:raidId/report.csv',
    {
      schema: {
        summary: '/raidreport\'s CSV: one row per claimant',
        tags: ['raids'],
        params: raidParams,
        produces: ['text/csv'],
        response: { 200: z.string().describe('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const raid = await raidForView(deps, callerOf(request), request.params.raidId);
      const csv = await validationOf(deps).reportCsv(raid.id);
      if (csv === null) throw notFound('The report of this raid (it is not validated yet)');
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="raid-${raid.id}.csv"`).send(csv);
    },
  );
}
