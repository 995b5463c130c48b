// The driver over HTTP, for the sandbox (or tests in another process). JSON in (body or query), JSON
// out: { ok: true, result } or { ok: false, error } with 400/404. Users may be named by id or username.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointName, XFake } from './index.js';
import { sendJson } from './server.js';

type Args = Record<string, any>;
type Route = (x: XFake, a: Args) => unknown;

const at = (a: Args) => (a.at ? { at: new Date(String(a.at)) } : {});
const lang = (a: Args) => (a.lang ? { lang: String(a.lang) } : {});
// Checked by the world (media.ts): a malformed list answers 400 with the reason.
const media = (a: Args) => (a.media !== undefined ? { media: a.media } : {});
const date = (v: unknown) => (v === undefined ? undefined : new Date(String(v)));

const ROUTES: Record<string, Route> = {
  'GET /__driver/state': (x) => x.overview(),
  'POST /__driver/users': (x, a) =>
    x.createUser({ ...a, username: String(a.username), createdAt: date(a.createdAt) } as Parameters<XFake['createUser']>[0]),
  'GET /__driver/users': (x, a) => x.user(String(a.user)),
  'POST /__driver/users/update': (x, a) => (x.updateUser(String(a.user), a.patch ?? {}), true),
  'POST /__driver/users/bio': (x, a) => (x.setBio(String(a.user), String(a.bio ?? '')), true),
  'POST /__driver/posts': (x, a) => x.post(String(a.user), String(a.text ?? ''), { ...at(a), ...lang(a), ...media(a) }),
  'POST /__driver/replies': (x, a) => x.reply(String(a.user), String(a.postId), String(a.text ?? ''), { ...at(a), ...lang(a), ...media(a), rawText: !!a.rawText }),
  'POST /__driver/quotes': (x, a) => x.quote(String(a.user), String(a.postId), String(a.text ?? ''), { ...at(a), ...lang(a), ...media(a), rawText: !!a.rawText }),
  'POST /__driver/reposts': (x, a) => x.repost(String(a.user), String(a.postId), at(a)),
  'POST /__driver/reposts/undo': (x, a) => (x.unrepost(String(a.user), String(a.postId)), true),
  'POST /__driver/likes': (x, a) => (x.like(String(a.user), String(a.postId), at(a)), true),
  'POST /__driver/likes/undo': (x, a) => (x.unlike(String(a.user), String(a.postId)), true),
  'POST /__driver/likes/visibility': (x, a) => (x.setLikesVisibility(String(a.postId), a.visibility), true),
  'POST /__driver/likes/private': (x, a) => (x.setPrivateLikes(a.on !== false && a.on !== 'false'), true),
  'POST /__driver/bookmarks': (x, a) => (x.bookmark(String(a.user), String(a.postId), at(a)), true),
  'POST /__driver/views': (x, a) => (x.view(String(a.postId), Number(a.count), at(a)), true),
  'POST /__driver/posts/delete': (x, a) => (x.deletePost(String(a.postId)), true),
  'POST /__driver/app-account': (x, a) => (x.setAppAccount(String(a.user)), true),
  'GET /__driver/clock': (x) => x.clock.now().toISOString(),
  'POST /__driver/clock': (x, a) => {
    if (a.set !== undefined) x.clock.set(new Date(String(a.set)));
    if (a.advanceMs !== undefined) x.clock.advance(Number(a.advanceMs));
    return x.clock.now().toISOString();
  },
  'POST /__driver/oauth/approve-next': (x, a) => (x.approveNextAuthorization(String(a.user)), true),
  'POST /__driver/oauth/token': (x, a) => x.issueUserToken(String(a.user), a.scope),
  'GET /__driver/counts': (x) => x.requestCounts(),
  'GET /__driver/requests': (x) => x.requests(),
  'POST /__driver/counts/reset': (x) => (x.resetCounts(), true),
  'POST /__driver/faults': (x, a) => (x.injectFault({ endpoint: a.endpoint, status: a.status === undefined ? undefined : Number(a.status), times: a.times === undefined ? 1 : Number(a.times), latencyMs: a.latencyMs === undefined ? undefined : Number(a.latencyMs) }), true),
  'POST /__driver/faults/clear': (x) => (x.clearFaults(), true),
  'POST /__driver/rate-limits': (x, a) => {
    if (a.enabled !== undefined) x.setRateLimitsEnabled(a.enabled !== false && a.enabled !== 'false');
    if (a.endpoint !== undefined) x.setRateLimit(a.endpoint as EndpointName, Number(a.limit));
    if (a.reset) x.resetRateLimits();
    return true;
  },
};

export function driverRoute(fake: XFake) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> => {
    const route = ROUTES[`${req.method} ${url.pathname.replace(/\/$/, '')}`];
    if (!route) return sendJson(res, 404, { ok: false, error: `no driver endpoint ${req.method} ${url.pathname}` });
    let args: Args = Object.fromEntries(url.searchParams);
    if (body.trim()) {
      try {
        args = { ...args, ...(JSON.parse(body) as Args) };
      } catch {
        return sendJson(res, 400, { ok: false, error: 'body must be JSON' });
      }
    }
    try {
      sendJson(res, 200, { ok: true, result: route(fake, args) ?? null });
    } catch (err) {
      sendJson(res, 400, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
}
