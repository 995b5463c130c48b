// The shell: telegram-ui's root following Telegram's theme and platform, the services, the route stack.
import { isThemeParamsDark, isThemeParamsMounted, useSignal } from '@telegram-apps/sdk-react';
import { AppRoot } from '@telegram-apps/telegram-ui';
import { useEffect, useMemo, useState } from 'react';
import type { ServingBot } from './api/bots-types';
import { BrandContext } from './brand/brand-context';
import { brandStyle } from './brand/brand-style';
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

  // The bot that opened the app, for a white-label bot's look. Telegram's theme until it answers (or if it
  // fails: the app is usable without a brand).
  const [brand, setBrand] = useState<ServingBot | null>(null);
  useEffect(() => {
    let live = true;
    services.api.servingBot().then((bot) => live && setBrand(bot), () => undefined);
    return () => {
      live = false;
    };
  }, [services]);
  const style = useMemo(() => (brand && !brand.main ? brandStyle(brand.colors) : {}), [brand]);
  useEffect(() => {
    // The page behind the app's root (overscroll, short views) in the brand's background too.
    document.body.style.background = style.background ?? '';
  }, [style]);

  return (
    <AppRoot appearance={isDark ? 'dark' : 'light'} platform={launch.platform} style={style} data-brand={brand && !brand.main ? brand.username : undefined}>
      <AppContext.Provider value={services}>
        <BrandContext.Provider value={brand}>
          <RouterProvider initial={initialStack(launch.startParam)}>
            <FallbackBackButton />
            <CurrentView />
          </RouterProvider>
        </BrandContext.Provider>
      </AppContext.Provider>
    </AppRoot>
  );
}
