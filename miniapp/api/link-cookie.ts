// The cookie that ties an X link to the browser that opened it (services/x/oauth.ts says why). Two headers'
// worth of cookie handling does not need a dependency: @fastify/cookie 11.1.5 needs cookie 2, which wants
// Node 22.

export const LINK_COOKIE = 'warhorn_x_link';

export interface LinkCookiePolicy {
  /** Where the browser sends it: the folder of the callback, so the first hop and the callback only. */
  path: string;
  /** Secure when members reach us over https (the callback URL, PUBLIC_URL by default). */
  secure: boolean;
}

export function linkCookiePolicy(callbackUrl: string | undefined): LinkCookiePolicy {
  if (!callbackUrl) return { path: '/x/oauth', secure: false };
  const url = new URL(callbackUrl);
  const folder = url.pathname.slice(0, url.pathname.lastIndexOf('/'));
  return { path: folder || '/', secure: url.protocol === 'https:' };
}

/** HttpOnly: no script of any page reads it. SameSite=Lax: it goes with X's redirect back to us (a top-level
 * GET from another site), which Strict would not send, and with no request another site makes in the
 * background. */
export function linkCookie(policy: LinkCookiePolicy, nonce: string, maxAgeSeconds: number): string {
  return [`${LINK_COOKIE}=${nonce}`, `Path=${policy.path}`, `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, 'HttpOnly', 'SameSite=Lax', ...(policy.secure ? ['Secure'] : [])].join('; ');
}

export const clearLinkCookie = (policy: LinkCookiePolicy) => linkCookie(policy, '', 0);

/** The nonce from a Cookie header, if it has the shape we give out (43 base64url characters). */
export function readLinkCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== LINK_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}
