import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { notFound } from '../errors.js';
import { errorResponses } from '../schemas.js';

const prefs = z.object({
  raidStarted: z.boolean().describe('A raid started in one of my groups (default off)'),
  verdicts: z.boolean().describe("My claim's verdict and an admin's decision on it (default on)"),
  rewards: z.boolean().describe('A reward share came my way (default on)'),
  groupNews: z.boolean().describe("My groups' announcements (default off)"),
});

// Strict: a misspelt key is refused (the 400 names it) rather than silently changing nothing.
const change = prefs.partial().strict();

/** `GET /me/notifications` and `PUT /me/notifications`: which events I want in private. */
export function registerMeNotificationRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/me/notifications',
    { schema: { summary: 'Which events the caller wants in private', tags: ['me'], response: { 200: prefs, ...errorResponses } } },
    async (request) => deps.users.notificationPrefs(callerOf(request).userId),
  );

  app.put(
    '/me/notifications',
    {
      schema: {
        summary: 'Changes the given notification choices; the others stay',
        tags: ['me'],
        body: change,
        response: { 200: prefs, ...errorResponses },
      },
    },
    async (request) => {
      const { raidStarted, verdicts, rewards, groupNews } = request.body;
      const saved = await deps.users.setNotificationPrefs(callerOf(request).userId, {
        ...(raidStarted !== undefined ? { raidStarted } : {}),
        ...(verdicts !== undefined ? { verdicts } : {}),
        ...(rewards !== undefined ? { rewards } : {}),
        ...(groupNews !== undefined ? { groupNews } : {}),
      });
      // Authentication registered the caller, so only a deleted row gets here.
      if (!saved) throw notFound('Your profile');
      return saved;
    },
  );
}
