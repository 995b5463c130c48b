import { Button, Cell, Input, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../../api/errors';
import type { LinkedWallet, WalletChallenge } from '../../api/types';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { haptic } from '../../telegram/haptics';
import { t } from '../../texts/t';

/** Linking a wallet as /linkwallet does: a one-time message for an address, signed in the wallet, the
 * signature pasted back (the routes of me-wallets.ts). */
export function WalletLink({ onLinked }: { onLinked: (w: LinkedWallet) => void }) {
  const { api, format } = useServices();
  const r = t().rewards;
  const [address, setAddress] = useState('');
  const [signature, setSignature] = useState('');
  const [challenge, setChallenge] = useState<WalletChallenge | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string }>();

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      const err = e instanceof ApiError ? e : networkError(e);
      setError({ text: errorText(err, t()), ...(err.fieldName ? { field: err.fieldName } : {}) });
      // A used or expired message is gone: ask for a new one.
      if (err.code === 'expired' || err.code === 'no_challenge') setChallenge(null);
      haptic.error();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section header={r.linkHeader} footer={r.linkHelp}>
      <Input
        data-testid="wallet-address"
        header={r.address}
        placeholder="0x…"
        value={address}
        status={error?.field === 'address' ? 'error' : 'default'}
        onChange={(e) => setAddress(e.currentTarget.value)}
      />
      <div className="actions">
        <Button size="m" mode="bezeled" stretched loading={busy && !challenge} data-testid="wallet-challenge" onClick={() => run(async () => setChallenge(await api.walletChallenge(address.trim())))}>
          {r.getMessage}
        </Button>
      </div>
      {challenge && (
        <>
          <Cell multiline subtitle={<pre className="sign-message" data-testid="wallet-message">{challenge.message}</pre>}>
            {r.signThis(format.dateTime(challenge.expiresAt))}
          </Cell>
          <div className="actions">
            <Button size="s" mode="plain" data-testid="wallet-copy-message" onClick={() => navigator.clipboard?.writeText(challenge.message).catch(() => undefined)}>
              {r.copyMessage}
            </Button>
          </div>
          <Input data-testid="wallet-signature" header={r.signature} placeholder="0x…" value={signature} onChange={(e) => setSignature(e.currentTarget.value)} />
          <div className="actions">
            <Button
              size="m"
              stretched
              loading={busy}
              data-testid="wallet-link"
              onClick={() =>
                run(async () => {
                  const linked = await api.linkWallet(signature.trim());
                  haptic.success();
                  setChallenge(null);
                  setSignature('');
                  setAddress('');
                  onLinked(linked);
                })
              }
            >
              {r.link}
            </Button>
          </div>
        </>
      )}
      {error && (
        <div className="field-error" role="alert" data-testid="wallet-error">
          {error.text}
        </div>
      )}
    </Section>
  );
}
