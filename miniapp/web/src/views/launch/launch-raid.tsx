import { Button, Cell, Input, Section, Select, Switch } from '@telegram-apps/telegram-ui';
import { useEffect, useState } from 'react';
import { ApiError, networkError } from '../../api/errors';
import { RAID_ACTIONS } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { View } from '../../components/view';
import { useRouter } from '../../router/router';
import { haptic } from '../../telegram/haptics';
import { useMainButton } from '../../telegram/main-button';
import { t } from '../../texts/t';
import { cardPreviewLines } from './card-preview';
import { DURATION_CHOICES, emptyForm, problemsOf, toDraft, toRequest, type LaunchForm } from './launch-form';
import type { PayableTokens } from '../../api/types';

const NO_TOKENS_YET: PayableTokens = { listed: true, tokens: [], otherDecimals: null };

export function LaunchRaidView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const { replace } = useRouter();
  const texts = t();
  const l = texts.launchRaid;
  const [form, setForm] = useState<LaunchForm>(() => emptyForm(30, false));
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<ApiError>();

  // The group's defaults fill the form once known; the form works with ours until then (or without them).
  const settings = useResource(() => api.settings(chatId), [api, chatId]);
  // The server's token list turns a typed pool into its smallest unit; until it is in, a pool waits.
  const payable = useResource(() => api.tokens(), [api]).data ?? NO_TOKENS_YET;
  useEffect(() => {
    const all = settings.data?.settings;
    if (!all) return;
    const duration = all.find((s) => s.key === 'raid.duration')?.value;
    const lock = all.find((s) => s.key === 'raid.lock')?.value;
    setForm((f) => ({ ...f, durationMinutes: typeof duration === 'number' ? duration : f.durationMinutes, lock: typeof lock === 'boolean' ? lock : f.lock }));
  }, [settings.data]);

  const problems = problemsOf(form, payable);
  const update = (patch: Partial<LaunchForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setRefusal(undefined);
  };

  async function launch() {
    setTouched(true);
    if (problems.length > 0 || sending) return;
    setSending(true);
    try {
      const { raid } = await api.launchRaid(chatId, toRequest(form, payable));
      haptic.success();
      replace({ view: 'raid', chatId, raidId: raid.id });
    } catch (e) {
      setRefusal(e instanceof ApiError ? e : networkError(e));
      haptic.error();
      setSending(false);
    }
  }

  const { native } = useMainButton({ text: l.submit, enabled: problems.length === 0, loading: sending, onClick: launch });
  // The server's refusal goes under the field it names (`body.targets.likes` under the targets); one it
  // cannot place (409 raid_active, group_not_set_up, x_not_configured; 503 x_unavailable) above the button.
  const refusedField = refusal?.fieldName?.split('.')[0];
  const fieldError = (field: string, own: boolean, ownText: string) =>
    refusedField === field && refusal ? errorText(refusal, texts) : own && touched ? ownText : undefined;
  const postUrlError = fieldError('postUrl', problems.includes('postUrl'), l.postUrlInvalid);
  const durations = [...new Set([...DURATION_CHOICES, form.durationMinutes])].sort((a, b) => a - b);

  return (
    <View name="launch">
      <Section header={l.postUrl}>
        <Input
          data-testid="launch-post-url"
          type="url"
          inputMode="url"
          placeholder={l.postUrlPlaceholder}
          value={form.postUrl}
          status={postUrlError ? 'error' : 'default'}
          onChange={(e) => update({ postUrl: e.currentTarget.value })}
          onBlur={() => setTouched(true)}
        />
        <FieldError testId="launch-post-url-error" text={postUrlError} />
      </Section>
      <Section header={l.targets} footer={l.targetsHelp}>
        {RAID_ACTIONS.map((action) => (
          <Input
            key={action}
            data-testid={`launch-target-${action}`}
            header={`${texts.actionIcons[action]} ${texts.actions[action]}`}
            inputMode="numeric"
            placeholder="0"
            value={form.targets[action]}
            onChange={(e) => update({ targets: { ...form.targets, [action]: e.currentTarget.value.replace(/\D/g, '') } })}
          />
        ))}
        <FieldError testId="launch-targets-error" text={fieldError('targets', problems.includes('targets'), l.targetsMissing)} />
      </Section>
      <Section header={l.duration}>
        <Select
          data-testid="launch-duration"
          value={String(form.durationMinutes)}
          onChange={(e) => update({ durationMinutes: Number(e.currentTarget.value) })}
        >
          {durations.map((m) => (
            <option key={m} value={m}>
              {format.minutes(m)}
            </option>
          ))}
        </Select>
        <FieldError testId="launch-duration-error" text={fieldError('durationMinutes', false, '')} />
        <Cell Component="label" data-testid="launch-lock" data-checked={form.lock} after={<Switch checked={form.lock} onChange={(e) => update({ lock: e.currentTarget.checked })} />}>
          {l.lock}
        </Cell>
      </Section>
      <Section header={l.pool}>
        <Input data-testid="launch-pool-amount" header={l.poolAmount} inputMode="decimal" placeholder="500" value={form.poolAmount} onChange={(e) => update({ poolAmount: e.currentTarget.value })} />
        <Input data-testid="launch-pool-token" header={l.poolToken} placeholder="USDT" value={form.poolToken} onChange={(e) => update({ poolToken: e.currentTarget.value })} />
        <FieldError testId="launch-pool-error" text={fieldError('pool', problems.includes('pool'), l.poolInvalid)} />
      </Section>
      <Section header={l.preview}>
        <div className="card-preview" data-testid="launch-preview">
          {cardPreviewLines(toDraft(form, payable), texts, format).join('\n')}
          <div className="card-button">{texts.card.claimButton}</div>
        </div>
      </Section>
      {refusal && !['postUrl', 'targets', 'durationMinutes', 'pool'].includes(refusedField ?? '') && (
        <FieldError testId="launch-error" text={errorText(refusal, texts)} />
      )}
      {!native && (
        <div className="actions">
          <Button size="l" stretched data-testid="launch-submit" disabled={problems.length > 0} loading={sending} onClick={launch}>
            {l.submit}
          </Button>
        </div>
      )}
    </View>
  );
}

function FieldError({ text, testId }: { text: string | undefined; testId: string }) {
  if (!text) return null;
  return (
    <div className="field-error" role="alert" data-testid={testId}>
      {text}
    </div>
  );
}
