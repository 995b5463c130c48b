import { Button, Cell, Navigation, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import type { ApiError } from '../../api/errors';
import type { DepositAddress } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loaded } from '../../components/states';
import { View } from '../../components/view';
import { useRouter } from '../../router/router';
import { t } from '../../texts/t';
import { ExplorerLink } from './explorer-link';
import { amountOf, depositState, shortHex } from './money-lines';
import { usePaged } from './paged';
import { Transactions } from './transactions';

const moneyOff = (e: ApiError | undefined) => e?.code === 'money_off' || e?.code === 'deposits_off';

/** A group's money for its admins: balance and held pools, the deposit address with its QR code, the
 * deposits with their confirmations, and the balance's transactions. */
export function GroupMoneyView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const { push } = useRouter();
  const m = t().money;
  const balance = useResource(() => api.groupBalance(chatId), [api, chatId]);

  if (moneyOff(balance.error)) {
    return (
      <View name="money">
        <EmptyState text={m.off} testId="money-off" />
      </View>
    );
  }
  return (
    <View name="money">
      <Loaded resource={balance} rows={3}>
        {(b) => (
          <>
            <Section header={m.balance} footer={m.balanceFooter}>
              {b.balances.map((x) => (
                <Cell
                  key={`${x.chainId}/${x.token}`}
                  data-testid={`balance-${x.chainId}-${x.symbol}`}
                  subtitle={x.held !== '0' ? `${m.chainLine(x.chainName)} · ${m.held(amountOf(format, x, x.held))}` : m.chainLine(x.chainName)}
                >
                  {m.available(amountOf(format, x, x.available))}
                </Cell>
              ))}
            </Section>
            {b.pools.length > 0 && (
              <Section header={m.pools}>
                {b.pools.map((p) => (
                  <Cell key={p.raidId} data-testid={`pool-${p.raidId}`} onClick={() => push({ view: 'raid', chatId, raidId: p.raidId })} after={<Navigation>{amountOf(format, p, p.amount)}</Navigation>}>
                    {m.pool(p.raidId)}
                  </Cell>
                ))}
              </Section>
            )}
          </>
        )}
      </Loaded>
      <DepositAddressSection chatId={chatId} />
      <Deposits chatId={chatId} />
      <Transactions header={m.transactions} testId="group-transactions" of="group" load={(cursor) => api.groupTransactions(chatId, cursor)} deps={[api, chatId]} />
    </View>
  );
}

function DepositAddressSection({ chatId }: { chatId: number }) {
  const { api } = useServices();
  const address = useResource(() => api.depositAddress(chatId), [api, chatId]);
  if (moneyOff(address.error)) return null;
  return <Loaded resource={address} rows={2}>{(d) => <AddressCard d={d} />}</Loaded>;
}

function AddressCard({ d }: { d: DepositAddress }) {
  const m = t().money;
  const [copied, setCopied] = useState(false);
  const chains = d.chains.map((c) => `${c.name} (${[c.native.symbol, ...c.tokens].join(', ')})`).join('; ');
  return (
    <Section header={m.depositAddress} footer={m.depositHelp(chains)}>
      <div className="qr" data-testid="deposit-qr">
        {/* The server draws the code (miniapp/api/v1/qr-code.ts); an <img> of it runs no script. */}
        <img alt={m.qrAlt} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(d.qrSvg)}`} width={200} height={200} />
      </div>
      <Cell multiline data-testid="deposit-address">
        <code className="address">{d.address}</code>
      </Cell>
      <div className="actions">
        <Button
          size="m"
          mode="bezeled"
          stretched
          data-testid="deposit-copy"
          onClick={() => navigator.clipboard?.writeText(d.address).then(() => setCopied(true), () => undefined)}
        >
          {copied ? m.copied : m.copy}
        </Button>
      </div>
    </Section>
  );
}

function Deposits({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const texts = t();
  const m = texts.money;
  const list = usePaged((cursor) => api.groupDeposits(chatId, cursor), [api, chatId]);
  if (moneyOff(list.first.error)) return null;
  return (
    <Loaded resource={list.first} rows={2}>
      {(first) => {
        const items = list.items(first);
        const cursor = list.cursor(first);
        return (
          <>
            <Section header={m.deposits}>
              {items.length === 0 && <EmptyState text={m.depositsEmpty} testId="deposits-empty" />}
              {items.map((d) => (
                <Cell
                  key={d.id}
                  data-testid={`deposit-${d.id}`}
                  data-status={d.status}
                  multiline
                  subtitle={
                    <>
                      {`${depositState(d, texts)} · ${d.chainName} · ${m.from(shortHex(d.from))} · ${format.dateTime(d.seenAt)}`}
                      {d.explorerUrl && <> · <ExplorerLink url={d.explorerUrl} testId={`deposit-${d.id}-explorer`} /></>}
                    </>
                  }
                >
                  {amountOf(format, d, d.amount)}
                </Cell>
              ))}
            </Section>
            {cursor && <LoadMore testId="deposits-more" load={() => list.loadMore(cursor)} />}
          </>
        );
      }}
    </Loaded>
  );
}
