// X API v2 fake: an HTTPS server with a scripted world of users, posts and engagement, and a driver.
// See README.md for the endpoints, the limits used and what is not emulated.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:https';
import { makeCertificate } from './cert.js';
import { createClock, type FakeClock } from './clock.js';
import { driverRoute } from './driver-http.js';
import { Faults, type Fault } from './faults.js';
import { OAuth } from './oauth.js';
import { FakeBrowser } from './browser.js';
import { ENDPOINTS, RateLimiter, type EndpointName } from './rate-limits.js';
import { createXServer, type RequestRecord, type ServerState } from './server.js';
import { World, type LikesVisibility, type PostOptions, type UserRef, type XPost, type XUser } from './world.js';

export { ENDPOINTS, PUBLISHED_LIMITS, WINDOW_MS, type EndpointName } from './rate-limits.js';
export { DriverError, type XPost, type XUser, type UserRef, type LikesVisibility, type PostOptions } from './world.js';
export type { MediaSpec, MediaType } from './media.js';
export type { Entities } from './entities.js';
export type { Fault } from './faults.js';
export type { FakeClock } from './clock.js';
export type { RequestRecord } from './server.js';
export { xFakeClientSettings, xFakePlugin, toFakeUrl } from './client.js';
export { FakeBrowser, type Page } from './browser.js';

export interface XFakeOptions {
  port?: number;
  host?: string;
  /** The base of the fake clock (default: real time); the driver's clock.set/advance move it. */
  now?: () => Date;
  /** Overrides of the per-15-minute limits (both app and user), or false for no limits at all. */
  rateLimits?: Partial<Record<EndpointName, number>> | false;
  appBearerToken?: string;
  clientId?: string;
  clientSecret?: string;
  /** Accept token requests that name client_id in the body without Basic auth (default false). */
  publicClient?: boolean;
  /** Likes private (as on X since June 2024) unless the caller wrote the post. Default true. */
  privateLikes?: boolean;
}

export interface CreateUserOptions {
  username: string; name?: string; createdAt?: Date; followers?: number; following?: number; bio?: string;
  protected?: boolean; verified?: boolean; listed?: number;
}

export class XFake {
  apiRoot = '';
  ca = '';
  readonly clock: FakeClock;
  readonly bearerToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly world: World;
  private readonly oauth: OAuth;
  private readonly limits: RateLimiter;
  private readonly faults = new Faults();
  private readonly counts = new Map<string, number>();
  private readonly log: RequestRecord[] = [];
  private server?: Server;

  constructor(options: XFakeOptions = {}) {
    this.clock = createClock(options.now);
    this.bearerToken = options.appBearerToken ?? `AAAAAAAAAAAAAAAAAAAAA${randomBytes(24).toString('base64url')}`;
    this.clientId = options.clientId ?? randomBytes(16).toString('base64url');
    this.clientSecret = options.clientSecret ?? randomBytes(32).toString('base64url');
    this.world = new World(this.clock, { privateLikes: options.privateLikes });
    this.oauth = new OAuth(this.world, { clientId: this.clientId, clientSecret: this.clientSecret, publicClient: options.publicClient ?? false });
    this.limits = new RateLimiter(this.clock, options.rateLimits !== false, options.rateLimits || {});
  }

  async listen(port: number, host: string): Promise<void> {
    const tls = await makeCertificate();
    this.ca = tls.cert;
    const state: ServerState = {
      world: this.world, oauth: this.oauth, limits: this.limits, faults: this.faults,
      bearerToken: this.bearerToken, counts: this.counts, log: this.log,
    };
    this.server = createXServer(state, tls, driverRoute(this));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.apiRoot = `https://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // --- the world ---
  createUser(o: CreateUserOptions): XUser { return this.world.createUser(o); }
  user(ref: UserRef) { return { ...this.world.user(ref) }; }
  setBio(user: UserRef, bio: string): void { this.world.updateUser(user, { bio }); }
  updateUser(user: UserRef, patch: { name?: string; bio?: string; followers?: number; following?: number; protected?: boolean; verified?: boolean }): void {
    this.world.updateUser(user, patch);
  }
  /** Typed links become t.co links; `media` adds X's trailing pic link and the post's attachments. */
  post(user: UserRef, text: string, o?: PostOptions): XPost { return this.world.post(user, text, o); }
  reply(user: UserRef, postId: string, text: string, o?: PostOptions & { rawText?: boolean }): XPost { return this.world.reply(user, postId, text, o); }
  quote(user: UserRef, postId: string, text: string, o?: PostOptions & { rawText?: boolean }): XPost { return this.world.quote(user, postId, text, o); }
  repost(user: UserRef, postId: string, o?: { at?: Date }): XPost { return this.world.repost(user, postId, o); }
  unrepost(user: UserRef, postId: string): void { this.world.unrepost(user, postId); }
  like(user: UserRef, postId: string, o?: { at?: Date }): void { this.world.like(user, postId, o); }
  unlike(user: UserRef, postId: string): void { this.world.unlike(user, postId); }
  bookmark(user: UserRef, postId: string, o?: { at?: Date }): void { this.world.bookmark(user, postId, o); }
  view(postId: string, count: number, o?: { at?: Date }): void { this.world.view(postId, count, o); }
  deletePost(postId: string): void { this.world.deletePost(postId); }
  /** The account that owns the developer app: app-only calls see its posts' likers. */
  setAppAccount(user: UserRef): void { this.world.appAccountId = this.world.user(user).id; }
  /** 'default' follows the privateLikes option; 'public'/'private' force it for this post. */
  setLikesVisibility(postId: string, v: LikesVisibility): void { this.world.setLikesVisibility(postId, v); }
  setPrivateLikes(on: boolean): void { this.world.privateLikes = on; }

  // --- OAuth ---
  /** The next /i/oauth2/authorize is approved by this user (queue; one per call). */
  approveNextAuthorization(user: UserRef): void { this.oauth.approveNext(this.world.user(user).id); }

  /** A member's browser with a cookie jar of its own, trusting this fake's certificate: it follows a flow
   * through the app's own pages and X's authorize page as a browser would (see browser.ts). */
  browser(): FakeBrowser { return new FakeBrowser(this.ca); }
  /** Plays the member's browser on the authorize page alone: opens `url` and returns where X sends them back
   * (the redirect_uri with `code` and `state`, or `error`). X's page sets no cookie, so none is kept; a flow
   * with hops of the app's own that set cookies needs `browser()`. */
  followAuthorize(url: string): Promise<URL> {
    return new Promise((resolve, reject) => {
      https
        .get(url, { ca: this.ca }, (res) => {
          res.resume();
          if (res.statusCode !== 302 || !res.headers.location) reject(new Error(`authorize answered ${res.statusCode}`));
          else resolve(new URL(res.headers.location));
        })
        .on('error', reject);
    });
  }
  /** A user access token without the browser dance. */
  issueUserToken(user: UserRef, scope = 'tweet.read users.read offline.access') { return this.oauth.issue(this.world.user(user).id, scope); }

  // --- counting, limits, faults ---
  requestCounts(): Record<string, number> { return Object.fromEntries(this.counts); }
  requests(): RequestRecord[] { return [...this.log]; }
  resetCounts(): void { this.counts.clear(); this.log.length = 0; }
  injectFault(f: Fault): void {
    if (f.endpoint !== undefined && !knownEndpoint(f.endpoint)) throw new Error(`unknown endpoint: ${f.endpoint}`);
    this.faults.add(f);
  }
  clearFaults(): void { this.faults.clear(); }
  setRateLimit(endpoint: EndpointName, limit: number): void {
    if (!knownEndpoint(endpoint)) throw new Error(`unknown endpoint: ${endpoint}`);
    this.limits.setLimit(endpoint, limit);
  }
  setRateLimitsEnabled(on: boolean): void { this.limits.enabled = on; }
  resetRateLimits(): void { this.limits.reset(); }

  overview() {
    let posts = 0;
    for (const p of this.world.allPosts()) if (!p.deleted) posts++;
    return {
      apiRoot: this.apiRoot, now: this.clock.now().toISOString(), users: this.world.users.size, posts,
      appAccountId: this.world.appAccountId ?? null, privateLikes: this.world.privateLikes, requestCounts: this.requestCounts(),
    };
  }
}

function knownEndpoint(e: string): boolean {
  return (ENDPOINTS as readonly string[]).includes(e) || e === 'POST /2/oauth2/token' || e === 'POST /2/oauth2/revoke';
}

export async function startXFake(options: XFakeOptions = {}): Promise<XFake> {
  const fake = new XFake(options);
  await fake.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return fake;
}
