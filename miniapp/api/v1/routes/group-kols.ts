import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireMemberView } from '../access.js';
import { ApiError } from '../errors.js';
import { chatIdParam, errorBody, errorResponses } from '../schemas.js';

// A group's KOLs as /kols ranks them, each with a daily series for the chart: the KOL tracking service's,
// so the app and the chat show the same figures. Members may read it, as anyone in the group may send /kols.

const figures = {
  mentions: z.number().int(),
  likes: z.number().int(),
  reposts: z.number().int(),
  replies: z.number().int(),
  quotes: z.number().int(),
  /** Null where X gave no impression counts. */
  impressions: z.number().int().nullable(),
};

const kolsResponse = z.object({
  days: z.number().int(),
  kols: z.array(
    z.object({
      xUserId: z.string(),
      username: z.string(),
      name: z.string(),
      addedAt: z.iso.datetime(),
      /** Place in the period's ranking; null without a mention in the period. */
      rank: z.number().int().nullable(),
      totals: z.object({ ...figures, score: z.number(), bestPostUrl: z.string().nullable() }),
      /** One entry per UTC day of the period, oldest first: mentions posted that day, engagement gained that day. */
      series: z.array(z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), ...figures })),
    }),
  ),
});

export function registerGroupKolRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/kols',
    {
      schema: {
        summary: "The group's KOLs with their totals over the last days, ranked as /kols, and a daily series for the chart",
        tags: ['groups'],
        params: z.object({ chatId: chatIdParam }),
        querystring: z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }),
        response: { 200: kolsResponse, ...errorResponses, 503: errorBody },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireMemberView(deps.groups, callerOf(request), chatId);
      if (!deps.kols) throw new ApiError(503, 'kols_off', 'KOL tracking is not available on this deployment.');
      const { days } = request.query;
      const charts = await deps.kols.chart(chatId, days);
      return { days, kols: charts.map((c) => ({ ...c, addedAt: c.addedAt.toISOString() })) };
    },
  );
}
