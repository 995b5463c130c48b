// What a launch hands the app: Telegram's launch parameters (the URL hash in Telegram Web and our emulator,
// the native bridge elsewhere), plus the bot named in our own query. Without initData there is nobody to
// authenticate, so the app shows "open this from Telegram" instead.
import { isColorDark, retrieveLaunchParams, retrieveRawInitData } from '@telegram-apps/sdk-react';
import { startParamOf } from '../router/routes';

export interface Launch {
  initData: string;
  botId: string | null;
  /** telegram-ui's platform: iOS looks its own way, every other client the base way. */
  platform: 'ios' | 'base';
  startParam: string | null;
  languageCode: string | undefined;
  /** The launch theme's darkness, for when the SDK's theme component is not mounted (no client to talk to). */
  dark: boolean;
}

export function readLaunch(): Launch | null {
  try {
    const params = retrieveLaunchParams();
    const initData = retrieveRawInitData();
    if (!initData) return null;
    return {
      initData,
      botId: new URLSearchParams(location.search).get('bot'),
      platform: params.tgWebAppPlatform === 'ios' || params.tgWebAppPlatform === 'macos' ? 'ios' : 'base',
      startParam: startParamOf(params.tgWebAppStartParam, location.search),
      languageCode: params.tgWebAppData?.user?.language_code,
      dark: params.tgWebAppThemeParams.bg_color ? isColorDark(params.tgWebAppThemeParams.bg_color) : false,
    };
  } catch {
    // No launch parameters anywhere (a plain browser tab): not an error to report, a state to show.
    return null;
  }
}
