import { openLink } from '@telegram-apps/sdk-react';
import type { ReactNode } from 'react';

/** A link opened outside the app (Telegram's in-app browser when there); the tap does not reach a row or
 * cell around it. */
export function OutLink({ url, testId, children }: { url: string; testId: string; children: ReactNode }) {
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
      {children}
    </a>
  );
}
