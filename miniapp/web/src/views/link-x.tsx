import { openLink } from '@telegram-apps/sdk-react';
import { Button, Cell, Input, Section } from '@telegram-apps/telegram-ui';
import { useEffect, useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { MyX } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';

export function LinkXView() {
  const { api } = useServices();
  const x = useResource(() => api.myX(), [api]);
  const [relinking, setRelinking] = useState(false);

  // X's approval page opens outside the app; coming back is the moment to look whether it worked.
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && x.reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [x.reload]);

  return (
    <View name="link-x">
      <Loaded resource={x} rows={3}>
        {(d) =>
          d.account && !relinking ? (
            <Linked data={d} onRelink={() => setRelinking(true)} />
          ) : (
            <>
              {d.oauthAvailable && <OAuth />}
              <BioCode
                data={d}
                onChange={x.set}
                onLinked={(next) => {
                  x.set(next);
                  setRelinking(false);
                  // The linked account's full row (method, time) is the server's.
                  x.reload();
                }}
              />
              {relinking && (
                <div className="actions">
                  <Button size="m" mode="plain" stretched onClick={() => setRelinking(false)} data-testid="x-relink-cancel">
                    {t().common.cancel}
                  </Button>
                </div>
              )}
            </>
          )
        }
      </Loaded>
    </View>
  );
}

function Linked({ data, onRelink }: { data: MyX; onRelink: () => void }) {
  const { format } = useServices();
  const l = t().linkX;
  const account = data.account!;
  return (
    <Section header={l.linked}>
      <Cell data-testid="x-linked" subtitle={l.linkedVia(account.method, format.dateTime(account.linkedAt))}>
        @{account.username}
      </Cell>
      <div className="actions">
        <Button size="m" mode="bezeled" stretched onClick={onRelink} data-testid="x-relink">
          {l.relink}
        </Button>
      </div>
    </Section>
  );
}

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  /** The input a 400 named (`username`), to mark that field. */
  const [field, setField] = useState<string>();
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    setField(undefined);
    try {
      await action();
    } catch (e) {
      const err = e instanceof ApiError ? e : networkError(e);
      setError(errorText(err, t()));
      setField(err.fieldName);
      haptic.error();
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, field, setError, run };
}

function OAuth() {
  const { api } = useServices();
  const l = t().linkX;
  const { busy, error, run } = useAction();
  const start = () =>
    run(async () => {
      const { url } = await api.startOAuth();
      if (openLink.isAvailable()) openLink(url);
      else window.open(url, '_blank', 'noopener');
    });
  return (
    <Section footer={l.oauthHelp}>
      <div className="actions">
        <Button size="l" stretched loading={busy} onClick={start} data-testid="x-oauth">
          {l.oauth}
        </Button>
        {error && <div className="field-error" role="alert" data-testid="x-oauth-error">{error}</div>}
      </div>
    </Section>
  );
}

function BioCode({ data, onChange, onLinked }: { data: MyX; onChange: (next: MyX) => void; onLinked: (next: MyX) => void }) {
  const { api, format } = useServices();
  const l = t().linkX;
  const [username, setUsername] = useState(data.pendingBio?.username ?? '');
  const { busy, error, field, setError, run } = useAction();
  const pending = data.pendingBio;

  const getCode = () =>
    run(async () => {
      const code = await api.startBio(username.trim().replace(/^@/, ''));
      setUsername(code.username);
      onChange({ ...data, pendingBio: code });
    });
  const check = () =>
    run(async () => {
      const answer = await api.checkBio();
      if (answer.linked) {
        haptic.success();
        onLinked({ ...data, account: { username: answer.username, userId: answer.userId, method: 'bio', linkedAt: new Date().toISOString() }, pendingBio: null });
        return;
      }
      haptic.error();
      // Ours where the users service's words point at a bot command (/linkx), else the service's; an
      // expired or used-up code is gone, so the form asks for a new one.
      setError(l.refusals(answer.reason, answer.username) ?? answer.message);
      if (answer.reason === 'no_code' || answer.reason === 'expired') onChange({ ...data, pendingBio: null });
    });

  return (
    <Section header={l.bio} footer={l.bioHelp}>
      <Input
        header={l.username}
        data-testid="x-username"
        placeholder="@username"
        autoCapitalize="off"
        autoCorrect="off"
        value={username}
        status={field === 'username' ? 'error' : 'default'}
        onChange={(e) => setUsername(e.currentTarget.value)}
      />
      {pending && (
        <Cell multiline data-testid="x-bio-code" subtitle={l.expiresAt(format.dateTime(pending.expiresAt))} description={<span className="code">{pending.code}</span>}>
          {l.codeIs}
        </Cell>
      )}
      <div className="actions">
        {pending && username.trim().replace(/^@/, '').toLowerCase() === pending.username.toLowerCase() ? (
          <Button size="m" stretched loading={busy} onClick={check} data-testid="x-bio-check">
            {l.check}
          </Button>
        ) : (
          <Button size="m" stretched loading={busy} disabled={!/^@?[A-Za-z0-9_]{1,15}$/.test(username.trim())} onClick={getCode} data-testid="x-bio-start">
            {l.getCode}
          </Button>
        )}
        {error && <div className="field-error" role="alert" data-testid="x-bio-error">{error}</div>}
      </div>
    </Section>
  );
}
