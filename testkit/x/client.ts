// Pointing twitter-api-v2 at the fake: a plugin that rewrites api.x.com / api.twitter.com (and the
// x.com authorize page) to the fake's root, and an https.Agent that trusts the fake's certificate.
import { Agent } from 'node:https';
import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

const X_HOSTS = new Set(['api.x.com', 'api.twitter.com', 'x.com', 'twitter.com', 'www.x.com', 'www.twitter.com']);

/** The same URL on the fake when it points at X; anything else unchanged. */
export function toFakeUrl(url: string, apiRoot: string): string {
  const u = new URL(url.startsWith('http') ? url : `https://${url}`);
  if (!X_HOSTS.has(u.hostname)) return url;
  const root = new URL(apiRoot);
  u.protocol = root.protocol;
  u.host = root.host;
  return u.toString();
}

export function xFakePlugin(apiRoot: string): ITwitterApiClientPlugin {
  return {
    onBeforeRequestConfig({ params }) {
      params.url = toFakeUrl(params.url, apiRoot);
    },
    onBeforeStreamRequestConfig({ params }) {
      params.url = toFakeUrl(params.url, apiRoot);
    },
  };
}

/** Settings for `new TwitterApi(token, settings)`. */
export function xFakeClientSettings(fake: { apiRoot: string; ca: string }): { plugins: ITwitterApiClientPlugin[]; httpAgent: Agent } {
  return { plugins: [xFakePlugin(fake.apiRoot)], httpAgent: new Agent({ ca: fake.ca, keepAlive: true }) };
}
