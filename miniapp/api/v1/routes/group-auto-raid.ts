import { z } from 'zod';
import type { AutoRaidConfig } from '../../../../services/x-feeds/index.js';
import { MAX_TARGET } from '../../../../services/raids/index.js';
import { MAX_RAID_MINUTES, MIN_RAID_MINUTES, RAID_LENGTH_RANGE } from '../../../../services/groups/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminNow, requireAdminView } from '../access.js';
import { ApiError, badRequest } from '../errors.js';
import { askingX, bareHandle, feedsErrors, feedsOf, groupBotOf, xHandle } from '../feeds-access.js';
import { chatIdParam } from '../schemas.js';

// A group's auto-raid for its admins, as /autoraid: each new post of the group's own X account opens a raid
// with these options. The raid options keep /raid's bounds (raid-command.ts, the groups' length bounds).

const count = z.number().int().min(0).max(MAX_TARGET, `must be a whole number from 0 to ${MAX_TARGET}`);
const raidCounts = z.object({ replies: z.number().int(), reposts: z.number().int(), likes: z.number().int(), quotes: z.number().int(), bookmarks: z.number().int() });

/** As /autoraid's words: targets left out are 0; length and lock default to the group's settings (as there). */
const autoRaidBody = z
  .object({
    handle: xHandle,
    targets: z.object({ replies: count.optional(), reposts: count.optional(), likes: count.optional(), quotes: count.optional(), bookmarks: count.optional() }).strict(),
    durationMinutes: z.number().int().min(MIN_RAID_MINUTES, `must be from ${RAID_LENGTH_RANGE}`).max(MAX_RAID_MINUTES, `must be from ${RAID_LENGTH_RANGE}`).optional(),
    lock: z.boolean().optional(),
    /** Also raid the account's replies (/autoraid's bare `replies`). */
    replies: z.boolean().optional(),
    /** A newer post while an auto-raid runs: waits its turn (default), or replaces it (`replace`). */
    onNewer: z.enum(['wait', 'replace']).optional(),
  })
  .strict();

const autoRaid = z.object({
  xUserId: z.string(),
  username: z.string(),
  replies: z.boolean(),
  onNewer: z.enum(['wait', 'replace']),
  targets: raidCounts,
  durationMinutes: z.number().int(),
  lock: z.boolean(),
  enabledBy: z.number().int(),
  /** Posts older than this never open a raid. */
  enabledAt: z.iso.datetime(),
});

const autoRaidOut = (c: AutoRaidConfig): z.infer<typeof autoRaid> => ({
  xUserId: c.xUserId,
  username: c.username,
  replies: c.replies,
  onNewer: c.onNewer,
  targets: c.targets,
  durationMinutes: c.durationMinutes,
  lock: c.lock,
  enabledBy: c.enabledBy,
  enabledAt: c.enabledAt.toISOString(),
});

const params = z.object({ chatId: chatIdParam });

/** `GET/PUT/DELETE /groups/{chatId}/auto-raid`. */
export function registerGroupAutoRaidRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/auto-raid',
    { schema: { summary: "The group's auto-raid, as /autoraid shows it: null when off (admins)", tags: ['feeds'], params, response: { 200: z.object({ autoRaid: autoRaid.nullable() }), ...feedsErrors } } },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const config = await feedsOf(deps).autoRaid(chatId);
      return { autoRaid: config && autoRaidOut(config) };
    },
  );

  app.put(
    '/groups/:chatId/auto-raid',
    {
      schema: {
        summary: 'Switches auto-raids on for an X account, or changes them, as /autoraid @account targets…',
        tags: ['feeds'],
        params,
        body: autoRaidBody,
        response: { 200: z.object({ autoRaid }), ...feedsErrors },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { chatId } = request.params;
      await requireAdminNow(deps.groups, caller, chatId);
      const feeds = feedsOf(deps);
      const body = request.body;
      const targets = { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0, ...body.targets };
      if (Object.values(targets).every((n) => n === 0)) throw badRequest('no_target', 'targets: set at least one target above 0', 'body.targets');
      const settings = await deps.groups.settings(chatId);
      const g = { botId: await groupBotOf(deps, chatId), chatId, actorId: caller.userId };
      const r = await askingX(() =>
        feeds.enableAutoRaid(g, {
          handle: body.handle,
          targets,
          durationMinutes: body.durationMinutes ?? settings?.raid.durationMinutes ?? 30,
          lock: body.lock ?? settings?.raid.lock ?? false,
          replies: body.replies ?? false,
          onNewer: body.onNewer ?? 'wait',
        }),
      );
      if (!r.ok) {
        if (r.reason === 'bad_handle') throw badRequest('bad_handle', 'handle: must be an X handle: 1-15 letters, digits or _', 'body.handle');
        if (r.reason === 'not_found') throw new ApiError(404, 'not_found', `X has no account @${bareHandle(body.handle)}`);
        throw new ApiError(503, 'raids_off', 'Raids are not available on this deployment, so auto-raids cannot run');
      }
      return { autoRaid: autoRaidOut(r.config) };
    },
  );

  app.delete(
    '/groups/:chatId/auto-raid',
    {
      schema: {
        // Idempotent: off is off, whether it was on or not (the bot says which; the app reads GET first).
        summary: 'Switches auto-raids off, as /autoraid off; posts still waiting for their raid are dropped. 204 also when they were off',
        tags: ['feeds'],
        params,
        response: { 204: z.null().describe('Off'), ...feedsErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { chatId } = request.params;
      await requireAdminNow(deps.groups, caller, chatId);
      await feedsOf(deps).disableAutoRaid({ chatId, actorId: caller.userId });
      return reply.code(204).send(null);
    },
  );
}
