import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminView } from '../access.js';
import { chatIdParam, errorResponses } from '../schemas.js';

// The groups an admin runs: the list they pick from, and one group's dashboard.

const RECENT_RAIDS = 5;
const TOP_MEMBERS = 5;

/** A raid's counts (targets and live progress), with the `/raid` command's keys. */
const raidCounts = z.object({ replies: z.number().int(), reposts: z.number().int(), likes: z.number().int(), quotes: z.number().int(), bookmarks: z.number().int() });
const time = z.iso.datetime();
const groupParams = z.object({ chatId: chatIdParam });

const groupListResponse = z.object({
  groups: z.array(
    z.object({
      chatId: z.number().int(),
      title: z.string(),
      activeRaid: z.object({ id: z.string(), endsAt: time, progress: raidCounts, targets: raidCounts }).nullable(),
    }),
  ),
});

const dashboardResponse = z.object({
  group: z.object({ chatId: z.number().int(), title: z.string() }),
  activeRaid: z
    .object({
      id: z.string(),
      status: z.literal('active'),
      postUrl: z.string(),
      targets: raidCounts,
      progress: raidCounts,
      startedAt: time,
      endsAt: time,
      claimCount: z.number().int(),
    })
    .nullable(),
  recentRaids: z.array(
    z.object({ id: z.string(), status: z.enum(['active', 'ended', 'validated', 'cancelled']), postUrl: z.string(), startedAt: time, endedAt: time.nullable(), claimCount: z.number().int() }),
  ),
  /** This week's points board (Monday 00:00 UTC on), as /leaderboard shows it. */
  topMembers: z.array(z.object({ rank: z.number().int(), userId: z.number().int(), name: z.string().nullable(), points: z.number() })),
});

export function registerGroupRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups',
    { schema: { summary: 'The groups I administer (synced admin list), each with its running raid', tags: ['groups'], response: { 200: groupListResponse, ...errorResponses } } },
    async (request) => {
      const { userId } = callerOf(request);
      const groups = await deps.groups.administeredBy(userId);
      return {
        groups: await Promise.all(
          groups.map(async (g) => {
            const raid = await deps.raids.active(g.chatId);
            return {
              chatId: g.chatId,
              title: g.title,
              activeRaid: raid ? { id: raid.id, endsAt: raid.endsAt.toISOString(), progress: raid.progress, targets: raid.targets } : null,
            };
          }),
        ),
      };
    },
  );

  app.get(
    '/groups/:chatId',
    {
      schema: {
        summary: "A group's dashboard: its running raid, its last raids and this week's top members",
        tags: ['groups'],
        params: groupParams,
        response: { 200: dashboardResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const [group, active, recent, board] = await Promise.all([
        deps.groups.get(chatId),
        deps.raids.active(chatId),
        deps.raids.page(chatId, { limit: RECENT_RAIDS }),
        deps.leaderboards.board(chatId, 'points', { period: 'week', at: deps.clock.now(), limit: TOP_MEMBERS }),
      ]);
      return {
        // requireAdminView found the group (groups are never deleted).
        group: { chatId, title: group!.title },
        activeRaid: active
          ? {
              id: active.id,
              status: 'active' as const,
              postUrl: active.postUrl,
              targets: active.targets,
              progress: active.progress,
              startedAt: active.startedAt.toISOString(),
              endsAt: active.endsAt.toISOString(),
              // The running raid is the newest, so the recent list has counted its claims already.
              claimCount: recent.find((r) => r.id === active.id)?.claimCount ?? (await deps.raids.claimCount(active.id)),
            }
          : null,
        recentRaids: recent.map((r) => ({
          id: r.id,
          status: r.status,
          postUrl: r.postUrl,
          startedAt: r.startedAt.toISOString(),
          endedAt: r.endedAt?.toISOString() ?? null,
          claimCount: r.claimCount,
        })),
        topMembers: board.rows.map((r) => ({ rank: r.rank, userId: r.telegramUserId, name: board.profiles.get(r.telegramUserId)?.firstName ?? null, points: r.score })),
      };
    },
  );
}
