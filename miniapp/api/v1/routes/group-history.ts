import { z } from 'zod';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminView } from '../access.js';
import { badRequest } from '../errors.js';
import { chatIdParam, errorResponses, pageQuery } from '../schemas.js';
import { telegramUserId } from '../../../../services/platform/telegram-ids.js';

// A group's trail (history events about the group: settings, admins, blacklist, chat restores), newest
// first, each with its place in the hash chain, and the page checked against the chain around it.

const event = z.object({
  id: z.string(),
  /** Position in the hash chain; null until the sealer reaches the event. */
  seq: z.string().nullable(),
  sealed: z.boolean(),
  at: z.iso.datetime(),
  action: z.string(),
  // `name`: the person's first name as the platform last saw it, for people (not stored in the event: the
  // trail keeps ids, names change).
  actor: z.object({ kind: z.enum(['user', 'bot', 'system', 'admin']), id: z.string().optional(), name: z.string().optional() }),
  subject: z.object({ kind: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
});

const historyResponse = z.object({
  events: z.array(event),
  nextCursor: z.string().nullable(),
  /** This page's events checked against the chain: `verified` all sealed and intact, `pending` some not
   * sealed yet (the sealed ones intact), `broken` one altered (named by `brokenEventId`). `checkedThrough`:
   * the highest seq among them that checked out. */
  chain: z.object({
    status: z.enum(['verified', 'broken', 'pending']),
    checkedThrough: z.string().optional(),
    brokenEventId: z.string().optional(),
    reason: z.string().optional(),
  }),
});

// The cursor is the last event's id, base64url: opaque to the front end, checked on the way back.
const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[1-9]\d{0,18}$/.test(id)) throw badRequest('invalid_request', 'query.cursor: is not a cursor this list gave', 'query.cursor');
  return id;
}

export function registerGroupHistoryRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/history',
    {
      schema: {
        summary: "The group's trail, newest first, each event with its seal, and the page checked against the chain",
        tags: ['groups'],
        params: z.object({ chatId: chatIdParam }),
        querystring: pageQuery,
        response: { 200: historyResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      const { limit, cursor } = request.query;
      // One more than the page tells whether there is a next one.
      const found = await deps.history.list({ subjectKind: 'group', subjectId: String(chatId), limit: limit + 1, ...(cursor ? { beforeId: decodeCursor(cursor) } : {}) });
      const page = found.slice(0, limit);
      const people = [...new Set(page.flatMap((e) => ((e.actor.kind === 'user' || e.actor.kind === 'admin') && /^[1-9]\d{0,15}$/.test(e.actor.id ?? '') ? [telegramUserId(e.actor.id!)] : [])))];
      const [check, profiles] = await Promise.all([deps.history.checkEvents(page.map((e) => e.id)), people.length ? deps.users.profiles(people) : new Map()]);
      const nameOf = (id: string | undefined) => (id && /^[1-9]\d{0,15}$/.test(id) ? profiles.get(telegramUserId(id))?.firstName : undefined);
      return {
        events: page.map((e) => {
          const name = e.actor.kind === 'user' || e.actor.kind === 'admin' ? nameOf(e.actor.id) : undefined;
          return { id: e.id, seq: e.seq, sealed: e.seq !== null, at: e.occurredAt, action: e.action, actor: { ...e.actor, ...(name ? { name } : {}) }, subject: e.subject, data: e.data };
        }),
        nextCursor: found.length > limit ? encodeCursor(page.at(-1)!.id) : null,
        chain:
          check.status === 'broken'
            ? { status: check.status, brokenEventId: check.firstBadEventId, reason: check.reason }
            : { status: check.status, ...(check.checkedThrough ? { checkedThrough: check.checkedThrough } : {}) },
      };
    },
  );
}
