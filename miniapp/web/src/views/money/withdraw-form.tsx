import { Button, Input, Section, Select } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../../api/errors';
import type { LinkedWallet, MyRewards, Withdrawal } from '../../api/types';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { haptic } from '../../telegram/haptics';
import { t } from '../../texts/t';
import { amountOf, below, withdrawalAmount } from './money-lines';

type Balance = MyRewards['balances'][number];
const keyOf = (b: Pick<Balance, 'chainId' | 'token'>) => `${b.chainId}/${b.token}`;

/** A withdrawal of rewards: which asset, how much (whole tokens, or all) and to which linked wallet; POST
 * /me/withdrawals (the withdrawals contract), made once per request by its Idempotency-Key. */
export function WithdrawForm({ balances, wallets, onRequested }: { balances: Balance[]; wallets: LinkedWallet[]; onRequested: (w: Withdrawal) => void }) {
  const { api, format } = useServices();
  const r = t().rewards;
  const held = balances.filter((b) => b.amount !== '0');
  const [asset, setAsset] = useState(held[0] ? keyOf(held[0]) : '');
  const [amount, setAmount] = useState('');
  const [to, setTo] = useState(wallets[0]?.address ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // One key per request as typed: a retry after a lost answer is the same request, a changed form a new one.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const chosen = held.find((b) => keyOf(b) === asset);

  if (held.length === 0) return null;
  if (wallets.length === 0) {
    return (
      <Section header={r.withdrawHeader}>
        <div className="hint" data-testid="withdraw-needs-wallet">{r.withdrawNeedsWallet}</div>
      </Section>
    );
  }

  const changed = (f: () => void) => {
    f();
    setError(undefined);
    setKey(crypto.randomUUID());
  };

  async function submit() {
    if (!chosen) return;
    const units = withdrawalAmount(amount, chosen.decimals);
    if (units === null) return setError(r.badAmount(chosen.decimals));
    if (units !== 'all' && below(units, chosen.minWithdrawal)) return setError(r.belowMinimum(amountOf(format, chosen, chosen.minWithdrawal)));
    setBusy(true);
    setError(undefined);
    try {
      const { withdrawal } = await api.withdraw({ chainId: chosen.chainId, token: chosen.token, amount: units, to }, key);
      haptic.success();
      setAmount('');
      setKey(crypto.randomUUID());
      onRequested(withdrawal);
    } catch (e) {
      const err = e instanceof ApiError ? e : networkError(e);
      setError(err.code === 'withdrawals_off' ? r.withdrawalsOff : errorText(err, t()));
      haptic.error();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section header={r.withdrawHeader} footer={r.withdrawHelp}>
      <Select header={r.asset} data-testid="withdraw-asset" value={asset} onChange={(e) => changed(() => setAsset(e.currentTarget.value))}>
        {held.map((b) => (
          <option key={keyOf(b)} value={keyOf(b)}>
            {`${b.symbol} (${b.chainName}) · ${amountOf(format, b, b.amount)}`}
          </option>
        ))}
      </Select>
      <Input
        data-testid="withdraw-amount"
        header={r.amount}
        inputMode="decimal"
        placeholder="10"
        value={amount}
        status={error ? 'error' : 'default'}
        onChange={(e) => changed(() => setAmount(e.currentTarget.value))}
        after={
          <Button size="s" mode="plain" data-testid="withdraw-all" onClick={() => changed(() => setAmount(r.all.toLowerCase()))}>
            {r.all}
          </Button>
        }
      />
      <Select header={r.to} data-testid="withdraw-to" value={to} onChange={(e) => changed(() => setTo(e.currentTarget.value))}>
        {wallets.map((w) => (
          <option key={w.address} value={w.address}>
            {w.address}
          </option>
        ))}
      </Select>
      <div className="actions">
        <Button size="l" stretched loading={busy} data-testid="withdraw-submit" onClick={submit}>
          {r.withdraw}
        </Button>
        {error && (
          <div className="field-error" role="alert" data-testid="withdraw-error">
            {error}
          </div>
        )}
      </div>
    </Section>
  );
}
