import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

// Telegram shows a Mini App in a web view (mobile and desktop clients) or in an iframe (Telegram Web:
// web.telegram.org/k and /a). So the app's pages may be framed by Telegram's web origins and our own, and by
// nothing else; X-Frame-Options cannot say that (it knows only DENY and SAMEORIGIN), so frame-ancestors
// does and helmet's frameguard is off.
export const TELEGRAM_FRAME_ANCESTORS = ['https://web.telegram.org', 'https://*.telegram.org'] as const;

export interface WebSecurityOptions {
  /** Origins that may frame the app besides Telegram's (the sandbox's emulator page, a test's). */
  extraFrameAncestors?: readonly string[];
}

export function installWebSecurity(app: FastifyInstance, options: WebSecurityOptions = {}): void {
  app.register(helmet, {
    frameguard: false,
    // The app talks only to its own API; Telegram's avatars and X's pictures are https images.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and the UI kit set style attributes (progress widths, theme variables).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'", ...TELEGRAM_FRAME_ANCESTORS, ...(options.extraFrameAncestors ?? [])],
      },
    },
    // A framed app must be loadable cross-origin by Telegram Web's page.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
