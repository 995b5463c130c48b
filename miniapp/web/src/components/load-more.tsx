// "Load more" under a cursor-paged list: the button, its spinner while the next page comes, and the error
// under it when it does not (the pages shown stay). The view says how a page is fetched and kept.
import { Button } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import { t } from '../texts/t';
import { errorText } from './error-text';

export function LoadMore({ testId, load }: { testId: string; load: () => Promise<void> }) {
  const texts = t();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  async function more() {
    setLoading(true);
    setError(undefined);
    try {
      await load();
    } catch (e) {
      setError(errorText(e instanceof ApiError ? e : networkError(e), texts));
    } finally {
      setLoading(false);
    }
  }

  return (
    <div className="actions">
      <Button size="m" mode="bezeled" stretched loading={loading} onClick={more} data-testid={testId}>
        {texts.common.loadMore}
      </Button>
      {error && (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}
