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
} from '@telegram-apps/sdk-react';

export function startTelegram(): void {
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
