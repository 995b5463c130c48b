import { openLink } from '@telegram-apps/sdk-react';
import { t } from '../../texts/t';

/** A transaction on its chain's explorer, opened outside the app (Telegram's in-app browser when there). */
export function ExplorerLink({ url, testId }: { url: string; testId: string }) {
  return (
    <a
      className="explorer-link"
      data-testid={testId}
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      onClick={(e) => {
        e.stopPropagation();
        if (openLink.isAvailable()) {
          e.preventDefault();
          openLink(url);
        }
      }}
    >
      {t().money.explorer}
    </a>
  );
}
