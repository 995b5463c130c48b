// One API read as React state: the last data kept while reloading (polls and retries do not blank the
// view), the error of the last attempt, and a reload. Loading is "no data and no error yet".
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, networkError } from './errors';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  reload(): void;
  /** For an answer that already holds the new state (a PATCH's echo): no extra read. */
  set(data: T): void;
}

export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    loadRef.current().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
      },
      (e: unknown) => {
        if (!current) return;
        setError(e instanceof ApiError ? e : networkError(e));
      },
    );
    return () => {
      current = false;
    };
    // The caller's deps name what the read depends on; `attempt` forces a fresh read.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, reload, set: setData };
}

/** Re-reads every `intervalMs` while `active` (a live raid), paused while the app is in the background. */
export function usePolling(reload: () => void, intervalMs: number, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [reload, intervalMs, active]);
}
