// "Load more" under a cursor-paged list; the view says how a page is fetched and kept.
import { t } from '../texts/t';
import { ActionButton } from './action-button';

export function LoadMore({ testId, load }: { testId: string; load: () => Promise<void> }) {
  return <ActionButton testId={testId} label={t().common.loadMore} run={load} />;
}
