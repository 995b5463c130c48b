import { Cell, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import type { Withdrawal } from '../../api/types';
import { usePolling, useResource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loaded } from '../../components/states';
import { View } from '../../components/view';
import { t } from '../../texts/t';
import { ExplorerLink } from './explorer-link';
import { amountOf } from './money-lines';
import { usePaged } from './paged';
import { Transactions } from './transactions';
import { WalletLink } from './wallet-link';
import { WithdrawForm } from './withdraw-form';

/** A member's money: rewards per asset, linked wallets (and linking one), withdrawing, the withdrawals with
 * their status, and the rewards' movements. */
export function RewardsView() {
  const { api, format } = useServices();
  const texts = t();
  const r = texts.rewards;
  const data = useResource(() => Promise.all([api.myRewards(), api.myWallets()]), [api]);
  // Requested here since the list was read: shown on top at once.
  const [requested, setRequested] = useState<Withdrawal[]>([]);

  if (data.error?.code === 'money_off') {
    return (
      <View name="rewards">
        <EmptyState text={texts.money.off} testId="money-off" />
      </View>
    );
  }
  return (
    <View name="rewards">
      <Loaded resource={data} rows={4}>
        {([rewards, { wallets }]) => {
          const earned = rewards.balances.filter((b) => b.amount !== '0');
          return (
            <>
              <Section header={r.balances}>
                {earned.length === 0 && <EmptyState text={r.balancesEmpty} testId="rewards-empty" />}
                {earned.map((b) => (
                  <Cell key={`${b.chainId}/${b.token}`} data-testid={`reward-${b.chainId}-${b.symbol}`} subtitle={b.chainName}>
                    {amountOf(format, b, b.amount)}
                  </Cell>
                ))}
              </Section>
              <Section header={r.wallets}>
                {wallets.length === 0 && <EmptyState text={r.walletsEmpty} testId="wallets-empty" />}
                {wallets.map((w) => (
                  <Cell key={w.address} data-testid={`wallet-${w.address}`} multiline subtitle={r.linkedAt(format.dateTime(w.linkedAt))}>
                    <code className="address">{w.address}</code>
                  </Cell>
                ))}
              </Section>
              <WalletLink onLinked={(w) => data.set([rewards, { wallets: [...wallets.filter((x) => x.address !== w.address), w] }])} />
              <WithdrawForm
                balances={rewards.balances}
                wallets={wallets}
                onRequested={(w) => {
                  setRequested((list) => [w, ...list]);
                  data.reload();
                }}
              />
            </>
          );
        }}
      </Loaded>
      <Withdrawals requested={requested} />
      <Transactions header={r.transactions} testId="my-transactions" of="member" load={(cursor) => api.myTransactions(cursor)} deps={[api, requested.length]} />
    </View>
  );
}

function Withdrawals({ requested }: { requested: Withdrawal[] }) {
  const { api, format } = useServices();
  const r = t().rewards;
  const list = usePaged((cursor) => api.myWithdrawals(cursor), [api, requested.length]);
  // A withdrawal on its way moves on by itself (signed, sent, confirmations, confirmed): follow it while one is.
  const inFlight = (list.first.data?.items ?? requested).some((w) => w.status !== 'confirmed' && w.status !== 'failed');
  usePolling(list.first.reload, 5_000, inFlight);
  // Until the withdrawals routes exist on a deployment (404) or while they are off, the section stays away.
  if (list.first.error && (list.first.error.status === 404 || list.first.error.code === 'withdrawals_off')) return null;
  return (
    <Loaded resource={list.first} rows={2}>
      {(first) => {
        const listed = list.items(first);
        const items = [...requested.filter((w) => !listed.some((l) => l.id === w.id)), ...listed];
        const cursor = list.cursor(first);
        return (
          <>
            <Section header={r.withdrawals}>
              {items.length === 0 && <EmptyState text={r.withdrawalsEmpty} testId="withdrawals-empty" />}
              {items.map((w) => (
                <Cell
                  key={w.id}
                  data-testid={`withdrawal-${w.id}`}
                  data-status={w.status}
                  multiline
                  subtitle={
                    <>
                      {[r.withdrawalStatus[w.status] ?? w.status, w.status === 'sent' ? r.confirmations(w.confirmations, w.requiredConfirmations) : null, format.dateTime(w.createdAt)].filter(Boolean).join(' · ')}
                      {w.explorerUrl && <> · <ExplorerLink url={w.explorerUrl} testId={`withdrawal-${w.id}-explorer`} /></>}
                    </>
                  }
                >
                  {amountOf(format, w, w.amount)}
                </Cell>
              ))}
            </Section>
            {cursor && <LoadMore testId="withdrawals-more" load={() => list.loadMore(cursor)} />}
          </>
        );
      }}
    </Loaded>
  );
}
