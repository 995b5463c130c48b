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
import { DURATION_CHOICES } from '../launch/launch-form';
import { formOf, problemsOf, toRequest, type AutoRaidForm } from './auto-raid-form';

/** Switching the auto-raid on or changing it, as /autoraid @account targets…: the launch form's options,
 * saved with Telegram's MainButton; back to the feeds view once the server took it. */
export function AutoRaidView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const { back } = useRouter();
  const texts = t();
  const f = texts.feeds;
  const [form, setForm] = useState<AutoRaidForm>(() => formOf(null, { durationMinutes: 30, lock: false }));
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<ApiError>();

  // The auto-raid as it is fills the form; when off, the group's raid defaults do. Until both are in the
  // form works with ours, and once the admin typed, what arrives late no longer overwrites it.
  const current = useResource(() => api.autoRaid(chatId), [api, chatId]);
  const settings = useResource(() => api.settings(chatId), [api, chatId]);
  useEffect(() => {
    if (touched || !current.data || !settings.data) return;
    const all = settings.data.settings;
    const duration = all.find((s) => s.key === 'raid.duration')?.value;
    const lock = all.find((s) => s.key === 'raid.lock')?.value;
    setForm(formOf(current.data.autoRaid, { durationMinutes: typeof duration === 'number' ? duration : 30, lock: lock === true }));
    // Only the loads re-fill it, not the admin's own edits.
  }, [current.data, settings.data]);

  const problems = problemsOf(form);
  const update = (patch: Partial<AutoRaidForm>) => {
    setForm((x) => ({ ...x, ...patch }));
    setTouched(true);
    setRefusal(undefined);
  };

  async function save() {
    setTouched(true);
    if (problems.length > 0 || sending) return;
    setSending(true);
    try {
      await api.setAutoRaid(chatId, toRequest(form));
      haptic.success();
      back();
    } catch (e) {
      setRefusal(e instanceof ApiError ? e : networkError(e));
      haptic.error();
      setSending(false);
    }
  }

  const { native } = useMainButton({ text: f.form.save, enabled: problems.length === 0, loading: sending, onClick: save });
  // The server's refusal goes under the field it names (body.targets.likes under the targets); 404 (no such
  // X account) under the account; anything else (503, 409) above the button.
  const refused = refusal?.status === 404 && refusal.code === 'not_found' ? 'handle' : refusal?.fieldName?.split('.')[0];
  const refusalText = refusal && (refusal.status === 404 ? refusal.message : errorText(refusal, texts));
  const fieldError = (field: string, own: string | undefined) => (refused === field ? refusalText : own);
  const durations = [...new Set([...DURATION_CHOICES, form.durationMinutes])].sort((a, b) => a - b);

  return (
    <View name="auto-raid">
      <Section header={f.form.account}>
        <Input data-testid="auto-raid-handle" placeholder={f.handlePlaceholder} autoCapitalize="off" autoCorrect="off" value={form.handle} onChange={(e) => update({ handle: e.currentTarget.value })} />
        <FieldError testId="auto-raid-handle-error" text={fieldError('handle', touched && form.handle && problems.includes('handle') ? f.handleInvalid : undefined)} />
        <Cell Component="label" data-testid="auto-raid-replies" data-checked={form.replies} after={<Switch checked={form.replies} onChange={(e) => update({ replies: e.currentTarget.checked })} />}>
          {f.form.raidReplies}
        </Cell>
      </Section>
      <Section header={texts.launchRaid.targets} footer={f.form.targetsHelp}>
        {RAID_ACTIONS.map((action) => (
          <Input
            key={action}
            data-testid={`auto-raid-target-${action}`}
            header={`${texts.actionIcons[action]} ${texts.actions[action]}`}
            inputMode="numeric"
            placeholder="0"
            value={form.targets[action]}
            onChange={(e) => update({ targets: { ...form.targets, [action]: e.currentTarget.value.replace(/\D/g, '') } })}
          />
        ))}
        <FieldError testId="auto-raid-targets-error" text={fieldError('targets', touched && problems.includes('targets') ? texts.launchRaid.targetsMissing : undefined)} />
      </Section>
      <Section header={texts.launchRaid.duration} footer={f.form.replaceHelp}>
        <Select data-testid="auto-raid-duration" value={String(form.durationMinutes)} onChange={(e) => update({ durationMinutes: Number(e.currentTarget.value) })}>
          {durations.map((m) => (
            <option key={m} value={m}>
              {format.minutes(m)}
            </option>
          ))}
        </Select>
        <FieldError testId="auto-raid-duration-error" text={fieldError('durationMinutes', undefined)} />
        <Cell Component="label" data-testid="auto-raid-lock" data-checked={form.lock} after={<Switch checked={form.lock} onChange={(e) => update({ lock: e.currentTarget.checked })} />}>
          {texts.launchRaid.lock}
        </Cell>
        <Cell Component="label" data-testid="auto-raid-replace" data-checked={form.replace} multiline after={<Switch checked={form.replace} onChange={(e) => update({ replace: e.currentTarget.checked })} />}>
          {f.form.replace}
        </Cell>
      </Section>
      {refusal && !['handle', 'targets', 'durationMinutes'].includes(refused ?? '') && <FieldError testId="auto-raid-error" text={refusalText} />}
      {!native && (
        <div className="actions">
          <Button size="l" stretched data-testid="auto-raid-submit" disabled={problems.length > 0} loading={sending} onClick={save}>
            {f.form.save}
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
