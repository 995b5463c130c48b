// Telegram's MainButton as a view's primary action: shown while the view is up, hidden when it leaves.
// Where the client has no MainButton the hook says so, and the view renders a button of its own.
import { mainButton } from '@telegram-apps/sdk-react';
import { useEffect, useRef } from 'react';
import { useBrand } from '../brand/brand-context';

export interface MainButtonSpec {
  text: string;
  enabled: boolean;
  loading: boolean;
  onClick: () => void;
}

export function useMainButton(spec: MainButtonSpec): { native: boolean } {
  const native = mainButton.setParams.isAvailable();
  // A white-label bot's button is in its colours, like the rest of the app.
  const brand = useBrand();
  const accent = brand && !brand.main ? brand.colors.accent : undefined;
  const accentText = brand && !brand.main ? brand.colors.accentText : undefined;
  // The click handler changes every render; the subscription stays, reading the latest through the ref.
  const onClick = useRef(spec.onClick);
  onClick.current = spec.onClick;

  useEffect(() => {
    if (!native) return;
    const off = mainButton.onClick(() => onClick.current());
    return () => {
      off();
      mainButton.setParams({ isVisible: false, isLoaderVisible: false });
    };
  }, [native]);

  useEffect(() => {
    if (!native) return;
    mainButton.setParams({
      text: spec.text, isVisible: true, isEnabled: spec.enabled && !spec.loading, isLoaderVisible: spec.loading,
      ...(accent ? { backgroundColor: accent as `#${string}` } : {}), ...(accentText ? { textColor: accentText as `#${string}` } : {}),
    });
  }, [native, spec.text, spec.enabled, spec.loading, accent, accentText]);

  return { native };
}
