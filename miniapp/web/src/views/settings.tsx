import { Button, Cell, Input, Section, Select, Switch } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { Setting, SettingSection } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';

const SECTIONS: readonly SettingSection[] = ['raid', 'points', 'antifraud', 'rewards', 'feeds', 'mentions'];

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
                    <SettingRow key={s.key} chatId={chatId} initial={s} />
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

/** What a text field shows: `/set`'s own text ("30m", "5", "USDT"); no token is an empty field. */
const fieldTextOf = (s: Setting) => (s.kind === 'token' && s.value === null ? '' : s.text);

/**
 * One setting, changed as `/set key value`: the PATCH takes the text an admin would type after the key.
 * Switches ("on"/"off") and selects (the option) save on change; text fields (numbers, durations such as
 * "45m" or "2h", the token) save with their Save button or Enter. The server's refusal shows under the row.
 */
function SettingRow({ chatId, initial }: { chatId: number; initial: Setting }) {
  const { api, format } = useServices();
  const texts = t().settings;
  const [setting, setSetting] = useState(initial);
  const [draft, setDraft] = useState(() => fieldTextOf(initial));
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const label = texts.labels[setting.key] ?? setting.key;
  const testId = `setting-${setting.key}`;

  async function save(value: string) {
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      const { setting: now } = await api.changeSetting(chatId, setting.key, value);
      setSetting(now);
      setDraft(fieldTextOf(now));
      setSaved(true);
      haptic.success();
    } catch (e) {
      // bad_setting (400, field body.value): /set's own words after the key, e.g. "raid.duration needs a
      // unit: 45m, 45h or 45d", shown under the row without the key it names.
      setError(withoutKey(errorText(e instanceof ApiError ? e : networkError(e), t()), setting.key));
      haptic.error();
    } finally {
      setSaving(false);
    }
  }

  // A duration's help says its range in /set's words already ("from 5m to 7d"); a switch's says "on or off".
  const bounds = setting.kind === 'duration' ? undefined : boundsText(setting, texts, format);
  const helpText = setting.help.replace(/: on or off$/, '');
  const help = helpText.toLowerCase() === label.toLowerCase() ? '' : helpText.charAt(0).toUpperCase() + helpText.slice(1);
  const footer = (
    <>
      {(bounds || help) && <div className="hint">{[bounds, help].filter(Boolean).join(' · ')}</div>}
      {saved && (
        <div className="saved" data-testid={`${testId}-saved`}>
          ✓ {texts.saved}
        </div>
      )}
      {error && (
        <div className="field-error inline" role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      )}
    </>
  );

  if (setting.kind === 'bool') {
    const on = setting.value === true;
    return (
      <Cell
        Component="label"
        data-testid={testId}
        data-checked={on}
        data-value={setting.text}
        multiline
        description={footer}
        after={<Switch checked={on} disabled={saving} onChange={(e) => save(e.currentTarget.checked ? 'on' : 'off')} />}
      >
        {label}
      </Cell>
    );
  }

  if (setting.kind === 'enum') {
    return (
      <div className="setting">
        <Select header={label} data-testid={testId} data-value={setting.text} value={String(setting.value)} disabled={saving} status={error ? 'error' : 'default'} onChange={(e) => save(e.currentTarget.value)}>
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

  const dirty = draft.trim() !== fieldTextOf(setting);
  // An empty token field is "no token": /set's word for it.
  const submit = () => dirty && !saving && save(setting.kind === 'token' && draft.trim() === '' ? 'none' : draft.trim());
  return (
    <div className="setting">
      <Input
        header={label}
        data-testid={testId}
        data-value={setting.text}
        value={draft}
        placeholder={setting.kind === 'token' ? texts.noToken : setting.kind === 'duration' ? texts.durationPlaceholder : undefined}
        inputMode={setting.kind === 'int' ? 'numeric' : 'text'}
        autoCapitalize="off"
        autoCorrect="off"
        status={error ? 'error' : 'default'}
        onChange={(e) => {
          setDraft(e.currentTarget.value);
          setSaved(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') submit();
        }}
        after={
          dirty || saving ? (
            <Button size="s" loading={saving} onClick={submit} data-testid={`setting-save-${setting.key}`}>
              {t().common.save}
            </Button>
          ) : undefined
        }
      />
      <div className="setting-footer">{footer}</div>
    </div>
  );
}

/** "raid.duration needs a unit…" → "Needs a unit…". */
function withoutKey(message: string, key: string): string {
  if (!message.toLowerCase().startsWith(`${key} `)) return message;
  const rest = message.slice(key.length + 1);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function boundsText(setting: Setting, texts: ReturnType<typeof t>['settings'], format: ReturnType<typeof useServices>['format']): string | undefined {
  const show = (n: number) => (setting.kind === 'duration' ? format.minutes(n) : format.number(n));
  if (setting.min !== undefined && setting.max !== undefined) return texts.bounds(show(setting.min), show(setting.max));
  if (setting.min !== undefined) return texts.atLeast(show(setting.min));
  if (setting.max !== undefined) return texts.atMost(show(setting.max));
  return undefined;
}
