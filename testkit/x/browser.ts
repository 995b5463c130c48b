// A member's browser for OAuth flows that hop between an app's own pages and X's authorize page: it follows
// redirects as top-level GET navigations and keeps cookies as browsers do (RFC 6265 with today's defaults),
// so a test can show that a flow is bound to the browser that started it. No JavaScript, so HttpOnly changes
// nothing here; no cache, no third-party contexts.
import http from 'node:http';
import https from 'node:https';

export interface Page {
  /** Where this answer came from (the last URL of the redirect chain). */
  url: URL;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Where a redirect points, when the chain stopped at one (see `redirects`). */
  location?: URL;
  text: string;
}

interface Cookie {
  name: string;
  value: string;
  /** Host the cookie was set by (host-only) or, with Domain, the domain it covers with its subdomains. */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'strict' | 'lax' | 'none';
  /** Epoch ms; undefined for a session cookie. */
  expiresAt?: number;
}

const site = (u: URL) => `${u.protocol}//${u.hostname}`;

/** RFC 6265 5.1.4: the default path is the request path up to its last slash. */
function defaultPath(u: URL): string {
  const p = u.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function domainMatches(host: string, c: Cookie): boolean {
  return c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`);
}

export class FakeBrowser {
  private jar: Cookie[] = [];

  /** `ca`: extra certificates to trust (the X fake's self-signed one). */
  constructor(private readonly ca?: string) {}

  /** Opens `url` as the member would (a link tapped in Telegram), following up to `redirects` redirects
   * (default 10). With `redirects: 0` the first answer is returned, its `location` unfollowed. */
  async open(url: string | URL, o: { redirects?: number } = {}): Promise<Page> {
    let target = new URL(url);
    // A link opened from outside the browser counts as same-site navigation; a redirect from another site
    // does not (what SameSite=Strict looks at).
    let initiator: string | null = null;
    for (let hops = o.redirects ?? 10; ; hops--) {
      const page = await this.fetch(target, initiator);
      if (!page.location || hops <= 0) return page;
      initiator = site(target);
      target = page.location;
    }
  }

  /** The cookies this browser would send to `url` on a navigation from the same site (name → value). */
  cookiesFor(url: string | URL): Record<string, string> {
    const u = new URL(url);
    return Object.fromEntries(this.matching(u, site(u)).map((c) => [c.name, c.value]));
  }

  private matching(u: URL, initiator: string | null): Cookie[] {
    const now = Date.now();
    this.jar = this.jar.filter((c) => c.expiresAt === undefined || c.expiresAt > now);
    const sameSite = initiator === null || initiator === site(u);
    return this.jar
      .filter((c) => domainMatches(u.hostname, c) && pathMatches(u.pathname, c.path) && (!c.secure || u.protocol === 'https:'))
      // Lax and None go with every top-level GET navigation; Strict only when it started on the same site.
      .filter((c) => c.sameSite !== 'strict' || sameSite)
      .sort((a, b) => b.path.length - a.path.length);
  }

  private fetch(u: URL, initiator: string | null): Promise<Page> {
    const cookies = this.matching(u, initiator);
    const headers: Record<string, string> = { accept: 'text/html' };
    if (cookies.length) headers.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const get = u.protocol === 'https:' ? https.get : http.get;
    return new Promise((resolve, reject) => {
      get(u, { headers, ...(this.ca ? { ca: this.ca } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie'] ?? [];
          for (const line of setCookie) this.store(u, line);
          const status = res.statusCode ?? 0;
          const location = status >= 300 && status < 400 && res.headers.location ? new URL(res.headers.location, u) : undefined;
          resolve({ url: u, status, headers: res.headers, ...(location ? { location } : {}), text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      }).on('error', reject);
    });
  }

  /** RFC 6265 5.2/5.3, with the rules browsers add: no Secure cookie from an http page (real browsers make an
   * exception for localhost), SameSite Lax by default, SameSite=None only with Secure. */
  private store(from: URL, line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const cookie: Cookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      domain: from.hostname,
      hostOnly: true,
      path: defaultPath(from),
      secure: false,
      httpOnly: false,
      sameSite: 'lax',
    };
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const [rawKey = '', ...rest] = attribute.split('=');
      const key = rawKey.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (key === 'path' && value.startsWith('/')) cookie.path = value;
      else if (key === 'domain' && value) {
        const domain = value.replace(/^\./, '').toLowerCase();
        if (!domainMatches(from.hostname, { ...cookie, domain, hostOnly: false })) return; // another site's cookie
        cookie.domain = domain;
        cookie.hostOnly = false;
      } else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
      else if (key === 'expires' && maxAge === undefined && !Number.isNaN(Date.parse(value))) cookie.expiresAt = Date.parse(value);
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'samesite' && ['strict', 'lax', 'none'].includes(value.toLowerCase())) cookie.sameSite = value.toLowerCase() as Cookie['sameSite'];
    }
    if (maxAge !== undefined) cookie.expiresAt = Date.now() + maxAge * 1000;
    if (cookie.secure && from.protocol !== 'https:') return;
    if (cookie.sameSite === 'none' && !cookie.secure) return;
    this.jar = this.jar.filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
    if (cookie.expiresAt === undefined || cookie.expiresAt > Date.now()) this.jar.push(cookie);
  }
}
