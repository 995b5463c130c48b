import { z } from 'zod';
import type { MentionTerm } from '../../../../services/x-feeds/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminNow, requireAdminView } from '../access.js';
import { ApiError, badRequest } from '../errors.js';
import { feedsErrors, feedsOf, groupBotOf } from '../feeds-access.js';
import { chatIdParam } from '../schemas.js';

// A group's mention terms for its admins, as /mentions add|remove: posts on X matching a term are relayed
// into the group. The service parses the term; its refusal is a sentence for the admin, answered as is.

const term = z.object({
  /** The query form (`$war`, `"raid now"`): what DELETE takes back, url-encoded. */
  term: z.string(),
  kind: z.enum(['cashtag', 'hashtag', 'mention', 'keyword', 'phrase']),
  /** As the admin sees it (`$WAR`). */
  label: z.string(),
  since: z.iso.datetime(),
});

const termOut = (t: MentionTerm): z.infer<typeof term> => ({ term: t.term, kind: t.kind, label: t.label, since: t.createdAt.toISOString() });

const params = z.object({ chatId: chatIdParam });
// The service bounds a term's length (MAX_TERM_LENGTH, with its own sentence); this only caps the body.
const addBody = z.object({ term: z.string().max(300) }).strict();

/** `GET/POST /groups/{chatId}/mentions`, `DELETE /groups/{chatId}/mentions/{term}`. */
export function registerGroupMentionRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/mentions',
    { schema: { summary: "The group's mention terms, oldest first, as /mentions lists them (admins)", tags: ['feeds'], params, response: { 200: z.object({ terms: z.array(term) }), ...feedsErrors } } },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      return { terms: (await feedsOf(deps).mentionTerms(chatId)).map(termOut) };
    },
  );

  app.post(
    '/groups/:chatId/mentions',
    {
      schema: {
        summary: 'Adds a mention term, as /mentions add: 201, 200 when the group had it; 400 with the reason a term is refused',
        tags: ['feeds'],
        params,
        body: addBody,
        response: { 201: z.object({ term }), 200: z.object({ term }), ...feedsErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { chatId } = request.params;
      await requireAdminNow(deps.groups, caller, chatId);
      const feeds = feedsOf(deps);
      const r = await feeds.addMentionTerm({ botId: await groupBotOf(deps, chatId), chatId, actorId: caller.userId }, request.body.term);
      // The reason is the service's sentence ("A cashtag is $ and a letter…", or the group's term limit).
      if (!r.ok) throw badRequest('bad_term', `term: ${r.reason}`, 'body.term');
      // A term's label is its normalised form's, so the row is found by it (the answer lacks the query form).
      const row = (await feeds.mentionTerms(chatId)).find((t) => t.label === r.label);
      if (!row) throw new ApiError(409, 'removed', 'Another admin removed this term meanwhile');
      return reply.code(r.changed ? 201 : 200).send({ term: termOut(row) });
    },
  );

  app.delete(
    '/groups/:chatId/mentions/:term',
    {
      schema: {
        summary: 'Removes a mention term, as /mentions remove (the term url-encoded): 204, or 404 when the group does not have it',
        tags: ['feeds'],
        params: params.extend({ term: z.string().min(1).max(300) }),
        response: { 204: z.null().describe('Removed'), ...feedsErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { chatId, term: given } = request.params;
      await requireAdminNow(deps.groups, caller, chatId);
      const r = await feedsOf(deps).removeMentionTerm({ chatId, actorId: caller.userId }, given);
      if (!r.ok) throw badRequest('bad_term', `term: ${r.reason}`, 'params.term');
      if (!r.changed) throw new ApiError(404, 'not_found', `This group has no term ${r.label}`);
      return reply.code(204).send(null);
    },
  );
}
