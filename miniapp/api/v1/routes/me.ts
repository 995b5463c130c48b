import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { errorResponses } from '../schemas.js';

const profile = z.object({
  id: z.number().int(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  username: z.string().nullable(),
  languageCode: z.string().nullable(),
});

const myGroup = z.object({
  chatId: z.number().int(),
  title: z.string(),
  /** `admin`: in the group's synced admin list; `member`: the group's activity shows them (messages, claims, verdicts). */
  role: z.enum(['admin', 'member']),
  /** Accepted raid points, as the group's points board counts them: this week (from Monday 00:00 UTC) and all time. */
  points: z.object({ week: z.number().int(), all: z.number().int() }),
});

const meResponse = z.object({
  user: profile,
  x: z.object({ userId: z.string(), username: z.string() }).nullable(),
  groups: z.array(myGroup),
});

/** `GET /me`: who I am here, my linked X account, and the groups I am in with my points. */
export function registerMeRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/me',
    { schema: { summary: 'The caller: profile, linked X account, groups with their points', tags: ['me'], response: { 200: meResponse, ...errorResponses } } },
    async (request) => {
      const caller = callerOf(request);
      const [account, standing, claimed, wrote] = await Promise.all([
        deps.users.xAccountOf(caller.userId),
        deps.leaderboards.memberStanding(caller.userId, deps.clock.now()),
        deps.raids.chatsClaimedIn(caller.userId),
        deps.analytics.chatsWithMessagesFrom(caller.userId),
      ]);
      // No members table: a member is whoever the group's activity shows (verdicts, claims, messages).
      const points = new Map(standing.map((s) => [s.chatId, s.points]));
      const groups = await deps.groups.groupsOfMember(caller.userId, [...points.keys(), ...claimed, ...wrote]);
      return {
        user: {
          id: caller.userId,
          firstName: caller.user.firstName,
          lastName: caller.user.lastName ?? null,
          username: caller.user.username ?? null,
          languageCode: caller.user.languageCode ?? null,
        },
        x: account ? { userId: account.xUserId, username: account.username } : null,
        groups: groups.map((g) => ({
          chatId: g.chatId,
          title: g.title,
          role: g.admin ? ('admin' as const) : ('member' as const),
          points: points.get(g.chatId) ?? { week: 0, all: 0 },
        })),
      };
    },
  );
}
