import { z } from 'zod';
import type { Feeds, FollowView } from '../../../../services/x-feeds/index.js';
import type { ChatId } from '../../../../services/platform/telegram-ids.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminNow, requireAdminView } from '../access.js';
import { ApiError, badRequest } from '../errors.js';
import { askingX, bareHandle, feedsErrors, feedsOf, groupBotOf, xHandle } from '../feeds-access.js';
import { chatIdParam } from '../schemas.js';

// The X accounts a group follows, for its admins, as /follow, /unfollow and /follows: the same service
// calls, so the same handle rule, the same limit and the same history events.

const time = z.iso.datetime();

const follow = z.object({
  xUserId: z.string(),
  username: z.string(),
  name: z.string(),
  /** Replies and reposts of the account are forwarded too. */
  replies: z.boolean(),
  reposts: z.boolean(),
  since: time,
  lastPostAt: time.nullable(),
  /** When the account is read next, and its current (adaptive) interval between reads. */
  nextPollAt: time,
  intervalMs: z.number().int(),
  /** X refuses the account (protected, suspended): nothing is forwarded until that changes. */
  unavailable: z.boolean(),
});

const followOut = (f: FollowView): z.infer<typeof follow> => ({
  xUserId: f.xUserId,
  username: f.username,
  name: f.name,
  replies: f.replies,
  reposts: f.reposts,
  since: f.since.toISOString(),
  lastPostAt: f.lastPostAt?.toISOString() ?? null,
  nextPollAt: f.nextPollAt.toISOString(),
  intervalMs: f.intervalMs,
  unavailable: f.unavailable,
});

const params = z.object({ chatId: chatIdParam });
const followBody = z.object({ handle: xHandle, replies: z.boolean().optional(), reposts: z.boolean().optional() }).strict();

/** The follow as listed (the service's answer lacks the account's schedule). */
async function listed(feeds: Pick<Feeds, 'follows'>, chatId: ChatId, xUserId: string): Promise<FollowView> {
  const row = (await feeds.follows(chatId)).find((f) => f.xUserId === xUserId);
  // Committed just before; only an unfollow in between (another admin) can hide it.
  if (!row) throw new ApiError(409, 'unfollowed', 'Another admin unfollowed this account meanwhile');
  return row;
}

/** `GET/POST /groups/{chatId}/follows`, `DELETE /groups/{chatId}/follows/{username}`. */
export function registerGroupFeedRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/follows',
    {
      schema: {
        summary: 'The X accounts the group follows, as /follows, with when each is read next (admins)',
        tags: ['feeds'],
        params,
        response: { 200: z.object({ follows: z.array(follow) }), ...feedsErrors },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      return { follows: (await feedsOf(deps).follows(chatId)).map(followOut) };
    },
  );

  app.post(
    '/groups/:chatId/follows',
    {
      schema: {
        summary: 'Follows an X account into the group, as /follow: 201, or 200 when following again changed its options',
        tags: ['feeds'],
        params,
        body: followBody,
        response: { 201: z.object({ follow }), 200: z.object({ follow }), ...feedsErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { chatId } = request.params;
      await requireAdminNow(deps.groups, caller, chatId);
      const feeds = feedsOf(deps);
      const { handle, replies = false, reposts = false } = request.body;
      const g = { botId: await groupBotOf(deps, chatId), chatId, actorId: caller.userId };
      const r = await askingX(() => feeds.follow(g, handle, { replies, reposts }));
      if (!r.ok) {
        if (r.reason === 'bad_handle') throw badRequest('bad_handle', 'handle: must be an X handle: 1-15 letters, digits or _', 'body.handle');
        if (r.reason === 'not_found') throw new ApiError(404, 'not_found', `X has no account @${bareHandle(handle)}`);
        throw new ApiError(409, 'limit', `A group may follow ${r.limit} X accounts at most: unfollow one first`);
      }
      return reply.code(r.created ? 201 : 200).send({ follow: followOut(await listed(feeds, chatId, r.account.xUserId)) });
    },
  );

  app.delete(
    '/groups/:chatId/follows/:username',
    {
      schema: {
        summary: 'Stops following the X account, as /unfollow: 204, or 404 when the group does not follow it',
        tags: ['feeds'],
        params: params.extend({ username: xHandle }),
        response: { 204: z.null().describe('Unfollowed'), ...feedsErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { chatId, username } = request.params;
      await requireAdminNow(deps.groups, caller, chatId);
      const r = await feedsOf(deps).unfollow({ chatId, actorId: caller.userId }, username);
      if (!r.ok) throw new ApiError(404, 'not_found', `This group does not follow @${bareHandle(username)}`);
      return reply.code(204).send(null);
    },
  );
}
