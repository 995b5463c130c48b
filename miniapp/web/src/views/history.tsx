import { Badge, Button, Cell, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { HistoryEvent } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { t } from '../texts/t';

export function HistoryView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const texts = t();
  const h = texts.history;
  const first = useResource(() => api.history(chatId), [api, chatId]);
  // Later pages accumulate here; a retry of the first page starts the trail over.
  const [more, setMore] = useState<{ events: HistoryEvent[]; cursor: string | null }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();

  async function loadMore(cursor: string) {
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.history(chatId, cursor);
      setMore((m) => ({ events: [...(m?.events ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setMoreError(errorText(e instanceof ApiError ? e : networkError(e), texts));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <View name="history">
      <Loaded resource={first} rows={8}>
        {(d) => {
          const events = [...d.items, ...(more?.events ?? [])];
          const cursor = more ? more.cursor : d.nextCursor;
          return (
            <>
              <Section>
                <Cell
                  data-testid="chain-status"
                  data-verified={d.chain.verified}
                  multiline
                  before={<span className="icon">{d.chain.verified ? '🔗' : '⛓️‍💥'}</span>}
                  subtitle={[h.chainCheckedAt(format.dateTime(d.chain.checkedAt)), d.chain.brokenAt && h.brokenAt(d.chain.brokenAt)].filter(Boolean).join(' · ')}
                >
                  {d.chain.verified ? h.chainVerified : h.chainBroken}
                </Cell>
              </Section>
              <Section>
                {events.length === 0 && <EmptyState text={h.empty} testId="history-empty" />}
                {events.map((e) => (
                  <Cell
                    key={e.id}
                    data-testid={`event-${e.id}`}
                    multiline
                    subtitle={`${e.actor ? e.actor.name : h.system} · ${format.dateTime(e.at)}`}
                    after={
                      <Badge type="number" mode={e.seal.status === 'sealed' ? 'primary' : 'secondary'} data-testid={`seal-${e.id}`}>
                        {e.seal.status === 'sealed' ? h.sealed : h.unsealed}
                      </Badge>
                    }
                  >
                    {e.action}
                  </Cell>
                ))}
              </Section>
              {cursor && (
                <div className="actions">
                  <Button size="m" mode="bezeled" stretched loading={loadingMore} onClick={() => loadMore(cursor)} data-testid="history-more">
                    {texts.common.loadMore}
                  </Button>
                  {moreError && (
                    <div className="field-error" role="alert" data-testid="history-more-error">
                      {moreError}
                    </div>
                  )}
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </View>
  );
}
