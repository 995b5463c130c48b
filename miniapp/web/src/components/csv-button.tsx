import { Button } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';
import { saveBlob } from './download';
import { errorText } from './error-text';

export function CsvButton({ load, fileName, testId }: { load: () => Promise<Blob>; fileName: string; testId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      saveBlob(await load(), fileName);
      haptic.success();
    } catch (e) {
      setError(errorText(e instanceof ApiError ? e : networkError(e), t()));
      haptic.error();
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="actions">
      <Button size="m" mode="bezeled" stretched loading={busy} onClick={download} data-testid={testId}>
        {t().common.downloadCsv}
      </Button>
      {error && (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}
