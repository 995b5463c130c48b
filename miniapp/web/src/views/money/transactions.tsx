import { Cell, Section } from '@telegram-apps/telegram-ui';
import type { MoneyEntry, Paged } from '../../api/types';
import { useServices } from '../../app-context';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loaded } from '../../components/states';
import { t } from '../../texts/t';
import { ExplorerLink } from './explorer-link';
import { amountOf, entryTitle, signedAmount } from './money-lines';
import { usePaged } from './paged';

/** A money statement (a group's balance or a member's rewards), newest first, paged, with explorer links. */
export function Transactions({ header, testId, of, load, deps }: { header: string; testId: string; of: 'group' | 'member'; load: (cursor?: string | null) => Promise<Paged<MoneyEntry>>; deps: readonly unknown[] }) {
  const { format } = useServices();
  const texts = t();
  const m = texts.money;
  const list = usePaged(load, deps);
  return (
    <Loaded resource={list.first} rows={3}>
      {(first) => {
        const items = list.items(first);
        const cursor = list.cursor(first);
        return (
          <>
            <Section header={header} data-testid={testId}>
              {items.length === 0 && <EmptyState text={m.transactionsEmpty} testId={`${testId}-empty`} />}
              {items.map((e) => (
                <Cell
                  key={e.id}
                  data-testid={`tx-${e.id}`}
                  data-kind={e.kind}
                  multiline
                  subtitle={
                    <>
                      {`${format.dateTime(e.at)} · ${m.balanceAfter(amountOf(format, e, e.balanceAfter))}`}
                      {e.explorerUrl && <> · <ExplorerLink url={e.explorerUrl} testId={`tx-${e.id}-explorer`} /></>}
                    </>
                  }
                  after={<span className={e.amount.startsWith('-') ? 'amount-out' : 'amount-in'}>{signedAmount(format, e)}</span>}
                >
                  {entryTitle(e, texts, of)}
                </Cell>
              ))}
            </Section>
            {cursor && <LoadMore testId={`${testId}-more`} load={() => list.loadMore(cursor)} />}
          </>
        );
      }}
    </Loaded>
  );
}
