import { z } from 'zod';
import { parseXHandle, type XLinkResult } from '../../../../services/users/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { ApiError } from '../errors.js';
import { errorResponses, noBody } from '../schemas.js';

// Linking the caller's X account as /linkx does (bots/features/link-x): OAuth when the deployment has an
// X client, otherwise a one-time code the member puts in their X bio and then asks us to check.

const xState = z.object({
  account: z.object({ username: z.string(), userId: z.string(), method: z.enum(['oauth', 'bio']), linkedAt: z.iso.datetime() }).nullable(),
  pendingBio: z.object({ username: z.string(), code: z.string(), expiresAt: z.iso.datetime() }).nullable(),
  oauthAvailable: z.boolean(),
});

const bioCode = z.object({
  username: z.string().describe('The X handle the code is for, without the @'),
  code: z.string().describe('What to put in the X bio'),
  expiresAt: z.iso.datetime(),
});

const linkResult = z.discriminatedUnion('linked', [
  z.object({
    linked: z.literal(true),
    userId: z.string(),
    username: z.string(),
    /** The X account this link replaced, if any. */
    replaced: z.object({ userId: z.string(), username: z.string() }).nullable(),
    /** That account was linked already. */
    unchanged: z.boolean(),
  }),
  z.object({
    linked: z.literal(false),
    /** users' reason code: no_code, expired, code_not_found, x_user_not_found, x_unavailable, taken, not_configured. */
    reason: z.string(),
    message: z.string(),
    username: z.string().nullable(),
  }),
]);

const resultOf = (r: XLinkResult): z.infer<typeof linkResult> =>
  r.ok
    ? { linked: true, userId: r.xUserId, username: r.username, replaced: r.replaced && { userId: r.replaced.xUserId, username: r.replaced.username }, unchanged: r.unchanged }
    : { linked: false, reason: r.reason, message: r.message, username: r.username ?? null };

/** `GET /me/x`, `POST /me/x/oauth`, `POST /me/x/bio`, `POST /me/x/bio/check`. */
export function registerMeXRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/me/x',
    { schema: { summary: "The caller's X account, the bio code waiting, and whether OAuth is offered", tags: ['me'], response: { 200: xState, ...errorResponses } } },
    async (request) => {
      const { userId } = callerOf(request);
      const [account, pending] = await Promise.all([deps.users.xAccountOf(userId), deps.users.pendingBioLink(userId)]);
      return {
        account: account && { username: account.username, userId: account.xUserId, method: account.method, linkedAt: account.linkedAt.toISOString() },
        pendingBio: pending && { username: pending.username, code: pending.code, expiresAt: pending.expiresAt.toISOString() },
        oauthAvailable: deps.users.oauthAvailable(),
      };
    },
  );

  app.post(
    '/me/x/oauth',
    {
      schema: {
        summary: "Starts an OAuth link: the address of X's approval page (through our first hop)",
        tags: ['me'],
        body: noBody,
        response: { 200: z.object({ url: z.url(), expiresAt: z.iso.datetime() }), ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      // The bot that opened the app is the one that confirms the link in private.
      const link = await deps.users.startOAuthLink(caller.userId, { botId: caller.botId });
      if (!link) throw new ApiError(409, 'not_configured', 'This deployment links X accounts with a bio code only');
      return { url: link.url, expiresAt: link.expiresAt.toISOString() };
    },
  );

  app.post(
    '/me/x/bio',
    {
      schema: {
        summary: 'A one-time code to put in the bio of this X account (replaces any earlier code)',
        tags: ['me'],
        body: z.object({ username: z.string().refine((s) => parseXHandle(s) !== null, 'must be an X handle: 1-15 letters, digits or _') }),
        response: { 200: bioCode, ...errorResponses },
      },
    },
    async (request) => {
      const code = await deps.users.startBioLink(callerOf(request).userId, parseXHandle(request.body.username)!);
      return { username: code.username, code: code.code, expiresAt: code.expiresAt.toISOString() };
    },
  );

  app.post(
    '/me/x/bio/check',
    {
      schema: {
        summary: "Reads the X account's bio and links it if the code is there (the code is used once)",
        tags: ['me'],
        body: noBody,
        response: { 200: linkResult, ...errorResponses },
      },
    },
    async (request) => resultOf(await deps.users.checkBioLink(callerOf(request).userId)),
  );
}
