import { Badge, Cell, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import type { History } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { LoadMore } from '../components/load-more';
import { t } from '../texts/t';
import { actorOf, eventTitle } from './history-lines';

const CHAIN_ICON: Record<History['chain']['status'], string> = { verified: '🔗', pending: '⏳', broken: '⛓️‍💥' };

export function HistoryView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const texts = t();
  const h = texts.history;
  const first = useResource(() => api.history(chatId), [api, chatId]);
  // Later pages accumulate here, each with its own chain check; a retry of the first page starts over.
  const [more, setMore] = useState<History[]>([]);

  return (
    <View name="history">
      <Loaded resource={first} rows={8}>
        {(d) => {
          const pages = [d, ...more];
          const events = pages.flatMap((p) => p.events);
          const cursor = pages.at(-1)!.nextCursor;
          // The worst of the pages' checks: one broken page breaks the trail shown.
          const chain = pages.find((p) => p.chain.status === 'broken')?.chain ?? pages.find((p) => p.chain.status === 'pending')?.chain ?? d.chain;
          return (
            <>
              <Section footer={h.chainHelp}>
                <Cell
                  data-testid="chain-status"
                  data-status={chain.status}
                  multiline
                  before={<span className="icon">{CHAIN_ICON[chain.status]}</span>}
                  subtitle={
                    chain.status === 'broken'
                      ? [chain.brokenEventId && h.brokenAt(chain.brokenEventId), chain.reason].filter(Boolean).join(' · ')
                      : chain.checkedThrough
                        ? h.checkedThrough(chain.checkedThrough)
                        : undefined
                  }
                >
                  {h.chain[chain.status]}
                </Cell>
              </Section>
              <Section>
                {events.length === 0 && <EmptyState text={h.empty} testId="history-empty" />}
                {events.map((e) => (
                  <Cell
                    key={e.id}
                    data-testid={`event-${e.id}`}
                    data-action={e.action}
                    multiline
                    subtitle={`${actorOf(e, texts)} · ${format.dateTime(e.at)}`}
                    after={
                      <Badge type="number" mode={e.sealed ? 'primary' : 'gray'} data-testid={`seal-${e.id}`} data-sealed={e.sealed}>
                        {e.sealed ? h.sealed(e.seq ?? '') : h.unsealed}
                      </Badge>
                    }
                  >
                    {eventTitle(e, texts, format)}
                  </Cell>
                ))}
              </Section>
              {cursor && <LoadMore testId="history-more" load={() => api.history(chatId, cursor).then((page) => setMore((m) => [...m, page]))} />}
            </>
          );
        }}
      </Loaded>
    </View>
  );
}
