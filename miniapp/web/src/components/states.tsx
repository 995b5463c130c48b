// The three states every view has besides its content: loading, empty and failed (with a retry).
import { Button, Cell, List, Placeholder, Section, Skeleton, Spinner } from '@telegram-apps/telegram-ui';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/errors';
import type { Resource } from '../api/use-resource';
import { t } from '../texts/t';
import { errorText } from './error-text';

export function LoadingState({ rows = 4 }: { rows?: number }) {
  return (
    <List data-testid="loading">
      <Section>
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} visible>
            <Cell subtitle="…">…</Cell>
          </Skeleton>
        ))}
      </Section>
    </List>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <Placeholder
      data-testid="error"
      header={t().common.errorTitle}
      description={errorText(error, t())}
      action={
        // A 401 is not fixed by retrying: the launch itself has to be redone.
        error.status === 401 ? undefined : (
          <Button size="m" onClick={onRetry} data-testid="retry">
            {t().common.retry}
          </Button>
        )
      }
    />
  );
}

export function EmptyState({ text, testId = 'empty' }: { text: string; testId?: string }) {
  return <Placeholder data-testid={testId} description={text} />;
}

export function InlineSpinner() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 16 }}>
      <Spinner size="m" />
    </div>
  );
}

/** The resource's content once there is some; its loading or error state before. */
export function Loaded<T>({ resource, rows, children }: { resource: Resource<T>; rows?: number; children: (data: T) => ReactNode }) {
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.error) return <ErrorState error={resource.error} onRetry={resource.reload} />;
  return <LoadingState rows={rows} />;
}
