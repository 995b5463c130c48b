// Shown when the page was opened without Telegram's launch parameters (a plain browser tab, a copied link).
import { AppRoot, Placeholder } from '@telegram-apps/telegram-ui';
import { t } from './texts/t';

export function OutsideTelegram() {
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return (
    <AppRoot appearance={dark ? 'dark' : 'light'}>
      <div data-view="outside-telegram" className="outside">
        <Placeholder header={t().launch.title} description={t().launch.description}>
          <span className="big-icon" aria-hidden>
            ⚔️
          </span>
        </Placeholder>
      </div>
    </AppRoot>
  );
}
