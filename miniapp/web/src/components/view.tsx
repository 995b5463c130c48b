// A view's root: the name browser tests find it by, and the List that gives Telegram's grouped look.
import { List } from '@telegram-apps/telegram-ui';
import type { ReactNode } from 'react';

export function View({ name, children }: { name: string; children: ReactNode }) {
  return (
    <List data-view={name} className="view">
      {children}
    </List>
  );
}
