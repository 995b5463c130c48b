// A secondary action under a view (download a file, load the next page): the button, its spinner while the
// action runs, and the error under it when it fails (what the view shows stays). Haptics say how it went.
import { Button } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';
import { errorText } from './error-text';

export function ActionButton({ testId, label, run, feedback = false }: { testId: string; label: string; run: () => Promise<void>; feedback?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function act() {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      if (feedback) haptic.success();
    } catch (e) {
      setError(errorText(e instanceof ApiError ? e : networkError(e), t()));
      if (feedback) haptic.error();
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="actions">
      <Button size="m" mode="bezeled" stretched loading={busy} onClick={act} data-testid={testId}>
        {label}
      </Button>
      {error && (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}
