// The shell: telegram-ui's root following Telegram's theme and platform, the services, the route stack.
import { isThemeParamsDark, isThemeParamsMounted, useSignal } from '@telegram-apps/sdk-react';
import { AppRoot } from '@telegram-apps/telegram-ui';
import { useMemo } from 'react';
import { createTransport } from './api/client';
import { createApi } from './api/endpoints';
import { AppContext } from './app-context';
import { createFormat, pickLocale } from './format';
import { FallbackBackButton, RouterProvider } from './router/router';
import { initialStack } from './router/routes';
import type { Launch } from './telegram/launch';
import { selectLanguage } from './texts/t';
import { CurrentView } from './views/current-view';

export function App({ launch }: { launch: Launch }) {
  const themeDark = useSignal(isThemeParamsDark);
  const isDark = useSignal(isThemeParamsMounted) ? themeDark : launch.dark;
  const services = useMemo(() => {
    const locale = pickLocale(launch.languageCode, navigator.language);
    selectLanguage(locale);
    return { api: createApi(createTransport({ initData: launch.initData, botId: launch.botId })), format: createFormat(locale) };
  }, [launch]);

  return (
    <AppRoot appearance={isDark ? 'dark' : 'light'} platform={launch.platform}>
      <AppContext.Provider value={services}>
        <RouterProvider initial={initialStack(launch.startParam)}>
          <FallbackBackButton />
          <CurrentView />
        </RouterProvider>
      </AppContext.Provider>
    </AppRoot>
  );
}
