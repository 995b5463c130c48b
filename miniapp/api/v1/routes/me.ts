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

const meResponse = z.object({
  user: profile,
  x: z.object({ userId: z.string(), username: z.string() }).nullable(),
});

/** `GET /me`: who I am here, my linked X account, and the groups I am in with my points. */
export function registerMeRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/me',
    { schema: { summary: 'The caller: profile, linked X account, groups with their points', tags: ['me'], response: { 200: meResponse, ...errorResponses } } },
    async (request) => {
      const caller = callerOf(request);
      const account = await deps.users.xAccountOf(caller.userId);
      return {
        user: {
          id: caller.userId,
          firstName: caller.user.firstName,
          lastName: caller.user.lastName ?? null,
          username: caller.user.username ?? null,
          languageCode: caller.user.languageCode ?? null,
        },
        x: account ? { userId: account.xUserId, username: account.username } : null,
      };
    },
  );
}
