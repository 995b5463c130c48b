import type { ChatId } from '../../../../services/platform/telegram-ids.js';
import { z } from 'zod';
import { MAX_APPEAL_LENGTH, canAppeal, type StoredOutcome } from '../../../../services/validation/index.js';
import type { ClaimsAfter, RaidStatus } from '../../../../services/raids/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { errorResponses, pageQuery, raidIdParam } from '../schemas.js';

// The caller's own claims and what validation made of them, across every group (as /myraid shows the
// latest), and their appeal (as /appeal). Only the caller's claims: the user id comes from initData.

const verdict = z.object({
  raidId: z.string(),
  chatId: z.number().int(),
  /** Null when the group is no longer known to the platform. */
  groupTitle: z.string().nullable(),
  postUrl: z.string(),
  claimedAt: z.iso.datetime(),
  xUsername: z.string(),
  /** `pending` until the raid is validated; `cancelled` when an admin cancelled the raid (never validated). */
  verdict: z.enum(['pending', 'accepted', 'flagged', 'rejected', 'cancelled']),
  /** The anti-fraud rules that flagged or rejected the claim: rule code, severity, the sentence. */
  reasons: z.array(z.object({ rule: z.string(), severity: z.string(), reason: z.string() })),
  /** Each action the raid judged: whether it was asked for and what X showed (verified, unverifiable, not_found). */
  actions: z.array(z.object({ action: z.string(), requested: z.boolean(), status: z.enum(['verified', 'unverifiable', 'not_found']), note: z.string() })),
  /** Points awarded (accepted only); what the actions were worth is `computedPoints`. */
  points: z.number().int(),
  computedPoints: z.number().int(),
  /** Whether an admin decided this verdict (a review or an appeal). */
  decidedByAdmin: z.boolean(),
  appeal: z.object({
    state: z.enum(['none', 'pending', 'upheld', 'overturned']),
    /** Whether the caller may appeal now: a rejected verdict, never appealed (once per raid). */
    possible: z.boolean(),
    text: z.string().nullable(),
    appealedAt: z.iso.datetime().nullable(),
  }),
});
type Verdict = z.infer<typeof verdict>;

const page = z.object({ items: z.array(verdict), nextCursor: z.string().nullable() });

interface Claim {
  raidId: string;
  chatId: number;
  postUrl: string;
  claimedAt: Date;
  xUsername: string;
  raidStatus: RaidStatus | undefined;
}

function verdictOf(claim: Claim, groupTitle: string | null, o: StoredOutcome | undefined): Verdict {
  const base = { raidId: claim.raidId, chatId: claim.chatId, groupTitle, postUrl: claim.postUrl, claimedAt: claim.claimedAt.toISOString(), xUsername: claim.xUsername };
  if (!o) {
    return { ...base, verdict: claim.raidStatus === 'cancelled' ? 'cancelled' : 'pending', reasons: [], actions: [], points: 0, computedPoints: 0, decidedByAdmin: false, appeal: { state: 'none', possible: false, text: null, appealedAt: null } };
  }
  return {
    ...base,
    verdict: o.verdict,
    reasons: o.flags.map((f) => ({ rule: f.rule, severity: f.severity, reason: f.reason })),
    actions: Object.entries(o.actions).map(([action, v]) => ({ action, requested: v.requested, status: v.status, note: v.note })),
    points: o.points,
    computedPoints: o.computedPoints,
    decidedByAdmin: o.decidedBy !== null,
    appeal: { state: o.appealState, possible: canAppeal(o), text: o.appealText, appealedAt: o.appealedAt?.toISOString() ?? null },
  };
}

const claimsAfter = (key: unknown[]): ClaimsAfter | null => {
  const [at, raidId] = key;
  if (typeof at !== 'string' || typeof raidId !== 'string' || !/^[1-9]\d{0,18}$/.test(raidId)) return null;
  const claimedAt = new Date(at);
  return Number.isNaN(claimedAt.getTime()) ? null : { claimedAt, raidId };
};

/** `GET /me/verdicts` and `POST /me/verdicts/{raidId}/appeal`. */
export function registerMeVerdictRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  const titles = async (chatIds: ChatId[]): Promise<Map<ChatId, string>> => {
    const unique = [...new Set(chatIds)];
    const groups = await Promise.all(unique.map((id) => deps.groups.get(id)));
    return new Map(groups.flatMap((g) => (g ? [[g.chatId, g.title] as const] : [])));
  };

  app.get(
    '/me/verdicts',
    { schema: { summary: "The caller's claims across groups with their verdicts, newest first", tags: ['me'], querystring: pageQuery, response: { 200: page, ...errorResponses } } },
    async (request) => {
      const { userId } = callerOf(request);
      const { limit, cursor } = request.query;
      const after = cursor ? decodeCursor(cursor, claimsAfter) : undefined;
      // One more than the page tells whether another page follows.
      const found = await deps.raids.claimsOfMember(userId, { limit: limit + 1, ...(after ? { after } : {}) });
      const claims = found.slice(0, limit);
      const validated = claims.filter((c) => c.raidStatus === 'validated').map((c) => c.raidId);
      const [outcomes, names] = await Promise.all([
        deps.validation?.outcomesOfMember(userId, validated) ?? new Map<string, StoredOutcome>(),
        titles(claims.map((c) => c.chatId)),
      ]);
      const last = claims.at(-1);
      return {
        items: claims.map((c) => verdictOf(c, names.get(c.chatId) ?? null, outcomes.get(c.raidId))),
        nextCursor: found.length > limit && last ? encodeCursor([last.claimedAt.toISOString(), last.raidId]) : null,
      };
    },
  );

  app.post(
    '/me/verdicts/:raidId/appeal',
    {
      schema: {
        summary: 'Appeals the caller\'s rejected verdict in this raid, once, as /appeal',
        tags: ['me'],
        params: z.object({ raidId: raidIdParam }),
        body: z.object({ reason: z.string().trim().min(1, 'say why the verdict is wrong').max(MAX_APPEAL_LENGTH, `at most ${MAX_APPEAL_LENGTH} characters`) }),
        response: { 200: verdict, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = callerOf(request);
      const { raidId } = request.params;
      if (!deps.validation) throw notFound('Your verdict in this raid');
      const result = await deps.validation.appeal(raidId, userId, request.body.reason);
      if (!result.ok) {
        if (result.reason === 'not_found') throw notFound('Your verdict in this raid');
        if (result.reason === 'empty') throw badRequest('empty', 'body.reason: say why the verdict is wrong', 'body.reason');
        throw new ApiError(409, result.reason, result.reason === 'not_rejected' ? 'Only a rejected verdict can be appealed' : 'You have already appealed this verdict: one appeal per raid');
      }
      const o = result.outcome;
      const raid = await deps.raids.get(raidId);
      const group = await deps.groups.get(o.chatId);
      const claim = { raidId, chatId: o.chatId, postUrl: raid?.postUrl ?? '', claimedAt: o.claimant.claimedAt, xUsername: o.claimant.xUsername, raidStatus: raid?.status };
      return verdictOf(claim, group?.title ?? null, o);
    },
  );
}
