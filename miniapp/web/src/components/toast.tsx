// A short message that belongs to no field: an action on a row of a list failed (removing it, switching
// something off). Telegram-ui's Snackbar at the bottom, gone after a few seconds; the list stays as it was.
import { Snackbar } from '@telegram-apps/telegram-ui';
import { useCallback, useState, type ReactNode } from 'react';

export function useToast(testId = 'toast'): { toast: ReactNode; show(text: string): void } {
  // The key remounts the Snackbar, so the same error twice is shown twice (with its own timer).
  const [shown, setShown] = useState<{ text: string; key: number }>();
  const show = useCallback((text: string) => setShown((s) => ({ text, key: (s?.key ?? 0) + 1 })), []);
  const toast = shown ? (
    <Snackbar key={shown.key} data-testid={testId} role="alert" duration={5000} onClose={() => setShown((s) => (s?.key === shown.key ? undefined : s))}>
      {shown.text}
    </Snackbar>
  ) : null;
  return { toast, show };
}
