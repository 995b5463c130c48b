import { z } from 'zod';
import { exportFilename, POINTS_FILE_MAX_ROWS } from '../../../../services/leaderboards/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminView } from '../access.js';
import { chatIdParam, errorResponses } from '../schemas.js';

// A group's boards as /leaderboard ranks them, and the points file /export sends: the leaderboards
// service's, so every surface shows the same board.

const groupParams = z.object({ chatId: chatIdParam });
const period = z.enum(['week', 'all']).default('week');

const boardQuery = z.object({
  board: z.enum(['points', 'messages']).default('points'),
  period,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const boardResponse = z.object({
  board: z.enum(['points', 'messages']),
  period: z.enum(['week', 'all']),
  /** Where a weekly board starts (Monday 00:00 UTC); absent for all time. */
  since: z.iso.datetime().optional(),
  rows: z.array(z.object({ rank: z.number().int(), userId: z.number().int(), name: z.string().nullable(), username: z.string().nullable(), value: z.number() })),
});

export function registerLeaderboardRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/leaderboards',
    {
      schema: {
        summary: "The group's raid points or messages board, this week or all time, ranked as /leaderboard",
        tags: ['groups'],
        params: groupParams,
        querystring: boardQuery,
        response: { 200: boardResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const { board: kind, period, limit } = request.query;
      const board = await deps.leaderboards.board(chatId, kind, { period, at: deps.clock.now(), limit });
      return {
        board: kind,
        period,
        ...(board.since ? { since: board.since.toISOString() } : {}),
        rows: board.rows.map((r) => {
          const profile = board.profiles.get(r.telegramUserId);
          return { rank: r.rank, userId: r.telegramUserId, name: profile?.firstName ?? null, username: profile?.username ?? null, value: r.score };
        }),
      };
    },
  );

  app.get(
    '/groups/:chatId/leaderboards.csv',
    {
      schema: {
        summary: "The group's points board as the CSV file /export sends",
        tags: ['groups'],
        params: groupParams,
        querystring: z.object({ period }),
        produces: ['text/csv'],
        response: { 200: z.string().describe('text/csv: rank, telegram_user_id, username, points'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const { period } = request.query;
      const at = deps.clock.now();
      const [group, file] = await Promise.all([deps.groups.get(chatId), deps.leaderboards.pointsCsv(chatId, { period, at, limit: POINTS_FILE_MAX_ROWS })]);
      // A non-JSON content type: Fastify sends the text as it is, past the JSON serializer.
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportFilename(group!.title, period, at)}"`)
        .send(file.csv);
    },
  );
}
