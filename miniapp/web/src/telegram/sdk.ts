// Starts the SDK and the Telegram components the app uses. Each mount is guarded: an older client or the
// emulator may lack a method, and the app must still open (with its own UI doing what the missing part did).
import {
  backButton,
  bindMiniAppCssVars,
  bindThemeParamsCssVars,
  bindViewportCssVars,
  init,
  mainButton,
  miniAppReady,
  mountMiniAppSync,
  mountThemeParamsSync,
  mountViewport,
  targetOrigin,
} from '@telegram-apps/sdk-react';

/**
 * The origin of the page framing the app, where Telegram Web (and our emulator) listen. The SDK posts to
 * https://web.telegram.org only; the emulator lives elsewhere. Our messages are UI requests (buttons,
 * haptics, popups) with nothing secret in them, so answering the actual parent is safe.
 */
function parentOrigin(): string | undefined {
  if (window.parent === window) return undefined;
  const ancestor = location.ancestorOrigins?.[0];
  if (ancestor) return ancestor;
  return document.referrer ? new URL(document.referrer).origin : undefined;
}

/** Whether a Telegram client (or Telegram Web, or the emulator, both framing the app) is there to talk to.
 * A plain tab opened with launch parameters has none: the SDK would throw on its first message, so the app
 * runs without it, on its own in-page buttons. */
export function hasTelegramHost(): boolean {
  return window.parent !== window || 'TelegramWebviewProxy' in window;
}

export function startTelegram(): void {
  const origin = parentOrigin();
  if (origin) targetOrigin.set(origin);
  init();
  backButton.mount.ifAvailable();
  mainButton.mount.ifAvailable();
  mountThemeParamsSync.ifAvailable();
  bindThemeParamsCssVars.ifAvailable();
  mountMiniAppSync.ifAvailable();
  bindMiniAppCssVars.ifAvailable();
  if (mountViewport.isAvailable()) {
    // The viewport asks the client for its size and safe areas: the app renders meanwhile, the CSS variables
    // follow once the answer is in.
    mountViewport()
      .then(() => bindViewportCssVars.ifAvailable())
      .catch((e: unknown) => console.warn('viewport unavailable', e));
  }
  miniAppReady.ifAvailable();
}
