import { Cell, Input, Section, Select, Switch } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { Setting, SettingSection, SettingValue } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';

const SECTIONS: readonly SettingSection[] = ['raid', 'points', 'antifraud', 'rewards'];

export function SettingsView({ chatId }: { chatId: number }) {
  const { api } = useServices();
  const settings = useResource(() => api.settings(chatId), [api, chatId]);
  const texts = t().settings;

  return (
    <View name="settings">
      <Loaded resource={settings} rows={8}>
        {({ settings: all }) =>
          all.length === 0 ? (
            <EmptyState text={texts.empty} />
          ) : (
            SECTIONS.map((section) => {
              const inSection = all.filter((s) => s.section === section);
              return inSection.length === 0 ? null : (
                <Section key={section} header={texts.sections[section]}>
                  {inSection.map((s) => (
                    <SettingRow key={s.key} chatId={chatId} setting={s} />
                  ))}
                </Section>
              );
            })
          )
        }
      </Loaded>
    </View>
  );
}

/** One setting: its control, its bounds or options and help, and the server's refusal under it. Saved on
 * change (switches, selects) or when the field is left (numbers, text). */
function SettingRow({ chatId, setting }: { chatId: number; setting: Setting }) {
  const { api, format } = useServices();
  const texts = t().settings;
  const [saved, setSaved] = useState<SettingValue>(setting.value);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const label = texts.labels[setting.key] ?? setting.key;
  const testId = `setting-${setting.key}`;

  async function save(value: SettingValue) {
    if (value === saved) return;
    setSaving(true);
    try {
      const answer = await api.changeSetting(chatId, setting.key, value);
      setSaved(answer?.value !== undefined ? answer.value : value);
      setError(undefined);
      haptic.success();
    } catch (e) {
      const err = e instanceof ApiError ? e : networkError(e);
      setError(errorText(err, t()));
      haptic.error();
    } finally {
      setSaving(false);
    }
  }

  const bounds =
    setting.min !== undefined && setting.max !== undefined
      ? setting.kind === 'duration'
        ? texts.bounds(format.minutes(setting.min), format.minutes(setting.max))
        : texts.bounds(format.number(setting.min), format.number(setting.max))
      : undefined;
  const footer = (
    <>
      <div className="hint">{[bounds, setting.help].filter(Boolean).join(' · ')}</div>
      {error && (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      )}
    </>
  );

  if (setting.kind === 'bool') {
    return (
      <Cell
        Component="label"
        data-testid={testId}
        data-checked={saved === true}
        multiline
        description={footer}
        after={<Switch checked={saved === true} disabled={saving} onChange={(e) => save(e.currentTarget.checked)} />}
      >
        {label}
      </Cell>
    );
  }

  if (setting.kind === 'enum') {
    return (
      <div>
        <Select header={label} data-testid={testId} value={String(saved)} disabled={saving} status={error ? 'error' : 'default'} onChange={(e) => save(e.currentTarget.value)}>
          {(setting.options ?? []).map((o) => (
            <option key={o} value={o}>
              {texts.optionLabels[o] ?? o}
            </option>
          ))}
        </Select>
        <div className="setting-footer">{footer}</div>
      </div>
    );
  }

  const numeric = setting.kind === 'int' || setting.kind === 'duration';
  return (
    <div>
      <Input
        header={label}
        data-testid={testId}
        key={String(saved)}
        defaultValue={saved === null ? '' : String(saved)}
        placeholder={setting.kind === 'token' ? texts.noToken : undefined}
        inputMode={numeric ? 'numeric' : 'text'}
        status={error ? 'error' : 'default'}
        disabled={saving}
        after={setting.kind === 'duration' ? <span className="hint">{texts.minutesUnit}</span> : undefined}
        onBlur={(e) => save(parseInput(setting, e.currentTarget.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      <div className="setting-footer">{footer}</div>
    </div>
  );
}

/** The typed value of a field; what is not a number stays text, so the server's refusal says why. */
function parseInput(setting: Setting, raw: string): SettingValue {
  const text = raw.trim();
  if (setting.kind === 'token') return text === '' ? null : text;
  return /^\d+$/.test(text) ? Number(text) : text;
}
