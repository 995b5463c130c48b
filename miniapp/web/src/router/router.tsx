// A stack of routes: views push onto it, Telegram's BackButton pops it and is shown only above the root.
import { backButton } from '@telegram-apps/sdk-react';
import { Cell } from '@telegram-apps/telegram-ui';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { t } from '../texts/t';
import type { Route } from './routes';

interface Router {
  route: Route;
  depth: number;
  push(route: Route): void;
  /** Swaps the top view (a launched raid replaces the launch form: Back should not reopen the form). */
  replace(route: Route): void;
  back(): void;
}

const RouterContext = createContext<Router | null>(null);

export function RouterProvider({ initial, children }: { initial: Route[]; children: ReactNode }) {
  const [stack, setStack] = useState(initial);
  const push = useCallback((route: Route) => setStack((s) => [...s, route]), []);
  const replace = useCallback((route: Route) => setStack((s) => [...s.slice(0, -1), route]), []);
  const back = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);

  useEffect(() => {
    const [subscribed, off] = backButton.onClick.ifAvailable(back);
    return subscribed ? off : undefined;
  }, [back]);

  useEffect(() => {
    if (stack.length > 1) backButton.show.ifAvailable();
    else backButton.hide.ifAvailable();
    window.scrollTo(0, 0);
  }, [stack]);

  const route = stack[stack.length - 1]!;
  const router = useMemo(() => ({ route, depth: stack.length, push, replace, back }), [route, stack.length, push, replace, back]);
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return router;
}

/** Back, in the page, where the client has no BackButton (a plain tab, an old client). */
export function FallbackBackButton() {
  const { depth, back } = useRouter();
  if (depth <= 1 || backButton.show.isAvailable()) return null;
  return (
    <Cell data-testid="in-app-back" onClick={back} className="in-app-back">
      ‹ {t().common.back}
    </Cell>
  );
}
