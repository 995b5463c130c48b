import type https from 'node:https';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterApiReadOnly } from 'twitter-api-v2';

export const DEFAULT_API_ROOT = 'https://api.x.com';
const X_AUTHORIZE_URL = 'https://x.com/i/oauth2/authorize';
// twitter-api-v2 1.29.1 writes api.x.com everywhere; older builds and docs use api.twitter.com.
const LIBRARY_HOSTS = new Set(['api.x.com', 'api.twitter.com']);

/** `https://host[:port][/base]` without a trailing slash. */
function normaliseRoot(apiRoot: string): string {
  const root = new URL(apiRoot);
  if (root.protocol !== 'https:') throw new Error('X_API_ROOT must be https: twitter-api-v2 only speaks https');
  return `${root.origin}${root.pathname.replace(/\/+$/, '')}`;
}

/** Points a library URL at the configured root, keeping its path and query. Other hosts pass through. */
export function rewriteUrl(url: string, apiRoot: string): string {
  const parsed = new URL(url.startsWith('http') ? url : `https://${url}`);
  if (!LIBRARY_HOSTS.has(parsed.hostname)) return url;
  return `${normaliseRoot(apiRoot)}${parsed.pathname}${parsed.search}`;
}

/** The library hardcodes its hosts and `cloneWithPrefix` throws, so every request is re-aimed here, before
 * the library builds the request (auth headers are computed afterwards from the rewritten URL). */
export function rootRewritePlugin(apiRoot: string): ITwitterApiClientPlugin {
  const root = normaliseRoot(apiRoot);
  const isDefault = root === DEFAULT_API_ROOT;
  return {
    onBeforeRequestConfig({ params }) {
      if (!isDefault) params.url = rewriteUrl(params.url, root);
    },
  };
}

/** Where members are sent to approve the link: X's own page by default, the same host as a custom root
 * otherwise (a fake serves both), unless an explicit URL is configured. */
export function authorizeUrlFor(apiRoot: string, explicit?: string): string {
  if (explicit) return explicit;
  const root = normaliseRoot(apiRoot);
  return root === DEFAULT_API_ROOT ? X_AUTHORIZE_URL : `${root}/i/oauth2/authorize`;
}

/** Swaps the authorize page of a link made by the library for ours, keeping the query it built. */
export function rewriteAuthorizeUrl(libraryUrl: string, authorizeUrl: string): string {
  const from = new URL(libraryUrl);
  const to = new URL(authorizeUrl);
  for (const [key, value] of from.searchParams) to.searchParams.set(key, value);
  return to.toString();
}

export interface ClientOptions {
  apiRoot: string;
  bearerToken: string;
  clientId?: string;
  clientSecret?: string;
  /** Extra TLS trust for a stand-in (production uses NODE_EXTRA_CA_CERTS instead). */
  httpsAgent?: https.Agent;
}

export interface Clients {
  /** App-only (bearer token): every read for raids. */
  app: TwitterApiReadOnly;
  /** OAuth 2.0 client (client id + secret): builds authorize links and exchanges codes. */
  oauth: TwitterApi | null;
}

export function createClients(options: ClientOptions): Clients {
  const settings = {
    plugins: [rootRewritePlugin(options.apiRoot)],
    ...(options.httpsAgent ? { httpAgent: options.httpsAgent } : {}),
  };
  const app = new TwitterApi(options.bearerToken, settings).readOnly;
  const oauth = options.clientId
    ? new TwitterApi({ clientId: options.clientId, ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}) }, settings)
    : null;
  return { app, oauth };
}
