import { z } from 'zod';
import { MAX_TARGET, parsePostUrl, type LaunchRefusal } from '../../../../services/raids/index.js';
import { MAX_RAID_MINUTES, MIN_RAID_MINUTES, RAID_LENGTH_RANGE } from '../../../../services/groups/index.js';
import { decimalsOf, wholeTokens } from '../../../../services/platform/token-amounts.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminNow, requireAdminView } from '../access.js';
import { raidForChange, raidForView } from '../raid-access.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { chatIdParam, errorBody, errorResponses, pageQuery, raidIdParam, noBody } from '../schemas.js';
import { raidDetail, raidDetailView, raidListItem, raidListView } from './raid-views.js';

const targetCount = z.number().int().min(0).max(MAX_TARGET, `must be a whole number from 0 to ${MAX_TARGET}`).optional();

/** `/raid`'s options as a form: the same rules (raid-command.ts), the group's settings for what is left out. */
const launchBody = z
  .object({
    postUrl: z.string().min(1).max(500),
    targets: z.object({ replies: targetCount, reposts: targetCount, likes: targetCount, quotes: targetCount, bookmarks: targetCount }).strict(),
    durationMinutes: z.number().int().min(MIN_RAID_MINUTES, `must be from ${RAID_LENGTH_RANGE}`).max(MAX_RAID_MINUTES, `must be from ${RAID_LENGTH_RANGE}`).optional(),
    lock: z.boolean().optional(),
    /** The pool in the token's smallest unit (1 USDT = "1000000"). */
    pool: z.object({ amount: z.string().regex(/^\d{1,60}$/, 'must be an integer in the token\'s smallest unit'), token: z.string().min(1).max(16) }).strict().optional(),
  })
  .strict();

const raidPage = z.object({ raids: z.array(raidListItem), nextCursor: z.string().nullable() });
const raidParams = z.object({ raidId: raidIdParam });
const groupParams = z.object({ chatId: chatIdParam });
// Fastify hands a request without a body to the schema as null, so an empty POST is accepted as null too.

// The cursor is the last row's raid id, opaque to the front end.
const cursorOf = (raidId: string) => Buffer.from(raidId).toString('base64url');
function raidIdOfCursor(cursor: string): string {
  const raidId = Buffer.from(cursor, 'base64url').toString();
  if (!/^[1-9]\d{0,18}$/.test(raidId)) throw badRequest('invalid_request', 'query.cursor: is not a cursor of this list', 'query.cursor');
  return raidId;
}

const POST_URL_WORDS: Record<string, string> = {
  not_a_link: 'is not a link to an X post',
  not_a_web_link: 'is not a web link',
  not_x: 'is not X: use a post link from x.com or twitter.com',
  not_a_plain_link: 'is not a plain X post link',
  not_a_single_post: 'is not a link to a single X post (…/<user>/status/<id>)',
};

/** A launch the raids service refused, as the API answers it: bad input names its field, state is 409. */
function launchRefused(r: LaunchRefusal): ApiError {
  switch (r.reason) {
    case 'post_not_found':
      return badRequest('post_not_found', `postUrl: post ${r.postId} is not on X (is it public and not deleted?)`, 'body.postUrl');
    case 'invalid_pool':
      return badRequest('invalid_pool', `pool: ${r.detail}`, 'body.pool');
    case 'already_running':
      return new ApiError(409, 'raid_active', 'A raid is already running in this group: end it first');
    case 'group_not_set_up':
      return new ApiError(409, 'group_not_set_up', 'This group is not set up yet: add the bot again');
    case 'x_not_configured':
      return new ApiError(409, 'x_not_configured', 'X is not configured on this deployment, so raids cannot run');
    case 'x_unavailable':
      return new ApiError(503, 'x_unavailable', 'X is not answering right now; try again in a minute');
    case 'insufficient_balance':
      return new ApiError(
        409,
        'insufficient_balance',
        `The group's balance is ${wholeTokens(r.balance, r.token)} ${r.token}, short of the ${wholeTokens(r.wanted, r.token)} ${r.token} pool: deposit to the group's address (GET /groups/{chatId}/deposit) first`,
        undefined,
        { balance: r.balance.toString(), needed: r.wanted.toString(), symbol: r.token, decimals: decimalsOf(r.token) },
      );
  }
}

/** A group's raids, launching one, one raid's live view, and ending it. */
export function registerRaidRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/raids',
    { schema: { summary: 'The group\'s raids, newest first', tags: ['raids'], params: groupParams, querystring: pageQuery, response: { 200: raidPage, ...errorResponses } } },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const { limit, cursor } = request.query;
      const rows = await deps.raids.page(chatId, { limit: limit + 1, ...(cursor ? { beforeId: raidIdOfCursor(cursor) } : {}) });
      const page = rows.slice(0, limit);
      return { raids: page.map((r) => raidListView(r, r.claimCount)), nextCursor: rows.length > limit ? cursorOf(page.at(-1)!.id) : null };
    },
  );

  app.post(
    '/groups/:chatId/raids',
    { schema: { summary: 'Launches a raid, as /raid', tags: ['raids'], params: groupParams, body: launchBody, response: { 201: z.object({ raid: raidDetail }), ...errorResponses, 503: errorBody } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const { chatId } = request.params;
      await requireAdminNow(deps.groups, caller, chatId);
      const body = request.body;
      const post = parsePostUrl(body.postUrl);
      if (!post.ok) throw badRequest(post.refusal.reason, `postUrl: ${POST_URL_WORDS[post.refusal.reason]}`, 'body.postUrl');
      const targets = { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0, ...body.targets };
      if (Object.values(targets).every((n) => n === 0)) throw badRequest('no_target', 'targets: set at least one target above 0', 'body.targets');
      const [settings, group] = await Promise.all([deps.groups.settings(chatId), deps.groups.get(chatId)]);
      const result = await deps.raids.launch({
        chatId,
        // The group's own bot posts the card, whichever bot opened the app.
        botId: group!.botId,
        adminId: caller.userId,
        postId: post.postId,
        targets,
        durationMinutes: body.durationMinutes ?? settings?.raid.durationMinutes ?? 30,
        lock: body.lock ?? settings?.raid.lock ?? false,
        ...(body.pool ? { pool: { amount: wholeTokens(BigInt(body.pool.amount), body.pool.token), token: body.pool.token } } : {}),
      });
      if (!result.ok) throw launchRefused(result);
      const raid = await deps.raids.get(result.raidId);
      return reply.code(201).send({ raid: raidDetailView(raid!, 0, deps.clock.now()) });
    },
  );

  app.get(
    '/raids/:raidId',
    { schema: { summary: 'One raid: targets, live progress, time left, claims', tags: ['raids'], params: raidParams, response: { 200: raidDetail, ...errorResponses } } },
    async (request) => {
      const raid = await raidForView(deps, callerOf(request), request.params.raidId);
      return raidDetailView(raid, await deps.raids.claimCount(raid.id), deps.clock.now());
    },
  );

  app.post(
    '/groups/:chatId/raids/:raidId/cancel',
    {
      schema: {
        summary: 'Cancels a running raid, as /raid cancel: no validation, claims closed, a held pool back to the group',
        tags: ['raids'],
        params: groupParams.extend({ raidId: raidIdParam }),
        body: noBody,
        response: { 200: z.object({ raid: raidDetail }), ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const raid = await raidForChange(deps, caller, request.params.raidId);
      // The path names the group too: a raid of another group is not found here (after the admin check on
      // the raid's own group, so nothing is told to someone who is not its admin).
      if (raid.chatId !== request.params.chatId) throw notFound('This raid');
      const cancelled = await deps.raids.cancel(raid.id, caller.userId);
      if (cancelled.status !== 'cancelled') throw new ApiError(409, 'raid_not_active', 'This raid is not running');
      const now = await deps.raids.get(raid.id);
      return { raid: raidDetailView(now!, await deps.raids.claimCount(raid.id), deps.clock.now()) };
    },
  );

  app.post(
    '/raids/:raidId/end',
    { schema: { summary: 'Ends a running raid, as /endraid', tags: ['raids'], params: raidParams, body: noBody, response: { 200: z.object({ raid: raidDetail }), ...errorResponses } } },
    async (request) => {
      const caller = callerOf(request);
      const raid = await raidForChange(deps, caller, request.params.raidId);
      if (!(await deps.raids.end(raid.id, 'admin', caller.userId))) throw new ApiError(409, 'raid_not_active', 'This raid is not running');
      const ended = await deps.raids.get(raid.id);
      return { raid: raidDetailView(ended!, await deps.raids.claimCount(raid.id), deps.clock.now()) };
    },
  );
}
