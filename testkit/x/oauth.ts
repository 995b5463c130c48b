// OAuth 2.0 authorization code flow with PKCE, as X runs it: /i/oauth2/authorize redirects back with a
// code once "the user" approves (the driver picks who), /2/oauth2/token trades code + verifier for tokens.
import { createHash, randomBytes } from 'node:crypto';
import { HttpProblem } from './errors.js';
import type { World } from './world.js';

const CODE_TTL_MS = 30_000; // X's authorization codes live 30 seconds
const ACCESS_TTL_S = 7200;

interface Grant { clientId: string; redirectUri: string; challenge: string; method: string; scope: string; userId: string; expiresAt: number }
interface Token { userId: string; scope: string; expiresAt: number }

export interface OAuthConfig { clientId: string; clientSecret: string; publicClient: boolean }

const oauthError = (status: number, error: string, description: string) =>
  new HttpProblem(status, { error, error_description: description });

const random = (n: number) => randomBytes(n).toString('base64url');

export class OAuth {
  private approvals: string[] = [];
  private codes = new Map<string, Grant>();
  private access = new Map<string, Token>();
  private refresh = new Map<string, Omit<Token, 'expiresAt'>>();

  constructor(private world: World, private config: OAuthConfig) {}

  approveNext(userId: string): void {
    this.approvals.push(userId);
  }

  /** The user behind a live access token. */
  userFor(token: string): string | undefined {
    const t = this.access.get(token);
    return t && t.expiresAt > this.world.now().getTime() ? t.userId : undefined;
  }

  /** Mints tokens for a user without the browser dance (tests that only need a user token). */
  issue(userId: string, scope: string): { token_type: 'bearer'; expires_in: number; access_token: string; scope: string; refresh_token?: string } {
    const access_token = random(48);
    this.access.set(access_token, { userId, scope, expiresAt: this.world.now().getTime() + ACCESS_TTL_S * 1000 });
    const out = { token_type: 'bearer' as const, expires_in: ACCESS_TTL_S, access_token, scope };
    if (!scope.split(' ').includes('offline.access')) return out;
    const refresh_token = random(48);
    this.refresh.set(refresh_token, { userId, scope });
    return { ...out, refresh_token };
  }

  /** GET /i/oauth2/authorize: a 302 to redirect_uri with code and state, or a page to pick the user. */
  authorize(q: URLSearchParams): { status: number; headers: Record<string, string>; body: string } {
    const bad = (why: string) => ({ status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `Something went wrong: ${why}` });
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== this.config.clientId) return bad('unknown client_id');
    if (q.get('response_type') !== 'code') return bad('response_type must be code');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return bad('redirect_uri missing or invalid');
    const challenge = q.get('code_challenge');
    const method = (q.get('code_challenge_method') ?? 'plain').toLowerCase();
    if (!challenge || (method !== 's256' && method !== 'plain')) return bad('code_challenge and code_challenge_method (S256 or plain) are required');
    if (!q.get('state')) return bad('state is required');
    const back = new URL(redirectUri);
    back.searchParams.set('state', q.get('state')!);
    if (q.get('deny') !== null) {
      back.searchParams.set('error', 'access_denied');
      return { status: 302, headers: { location: back.toString() }, body: '' };
    }
    const asked = q.get('approve_as');
    const userId = asked !== null ? this.world.findUser(asked)?.id : this.approvals.shift();
    if (!userId) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: this.consentPage(q) };
    const code = random(32);
    this.codes.set(code, {
      clientId: this.config.clientId, redirectUri, challenge, method, scope: q.get('scope') ?? '', userId,
      expiresAt: this.world.now().getTime() + CODE_TTL_MS,
    });
    back.searchParams.set('code', code);
    return { status: 302, headers: { location: back.toString() }, body: '' };
  }

  /** POST /2/oauth2/token (form or JSON body: twitter-api-v2 1.29 sends JSON). */
  token(form: Record<string, string>, authorization: string | undefined): unknown {
    this.authenticateClient(form, authorization);
    if (form.grant_type === 'authorization_code') {
      const invalid = () => oauthError(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
      const g = form.code ? this.codes.get(form.code) : undefined;
      if (!g || g.expiresAt < this.world.now().getTime() || g.redirectUri !== form.redirect_uri) throw invalid();
      const verifier = form.code_verifier ?? '';
      const derived = g.method === 's256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (!verifier || derived !== g.challenge) throw invalid();
      this.codes.delete(form.code!);
      return this.issue(g.userId, g.scope);
    }
    if (form.grant_type === 'refresh_token') {
      const r = form.refresh_token ? this.refresh.get(form.refresh_token) : undefined;
      if (!r) throw oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
      this.refresh.delete(form.refresh_token!); // X rotates refresh tokens
      return this.issue(r.userId, r.scope);
    }
    throw oauthError(400, 'invalid_request', 'Value passed for the grant type was invalid.');
  }

  /** POST /2/oauth2/revoke */
  revoke(form: Record<string, string>, authorization: string | undefined): unknown {
    this.authenticateClient(form, authorization);
    if (form.token) {
      this.access.delete(form.token);
      this.refresh.delete(form.token);
    }
    return { revoked: true };
  }

  private authenticateClient(form: Record<string, string>, authorization: string | undefined): void {
    const m = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (m) {
      const [id, secret] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent);
      if (id !== this.config.clientId || secret !== this.config.clientSecret) {
        throw oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
      }
      return;
    }
    // A confidential client must authenticate with Basic; a public one names itself in the body.
    if (!this.config.publicClient || form.client_id !== this.config.clientId) {
      throw oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
    }
  }

  private consentPage(q: URLSearchParams): string {
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const links = [...this.world.users.values()].map((u) => {
      const next = new URLSearchParams(q);
      next.set('approve_as', u.username);
      return `<li><a href="?${esc(next.toString())}">Authorize as @${esc(u.username)}</a></li>`;
    });
    const deny = new URLSearchParams(q);
    deny.set('deny', '1');
    return `<!doctype html><title>X fake: authorize app</title><h1>Authorize app ${esc(q.get('client_id') ?? '')}</h1>
<p>Scopes: ${esc(q.get('scope') ?? '')}</p><ul>${links.join('')}</ul><p><a href="?${esc(deny.toString())}">Cancel</a></p>`;
  }
}
