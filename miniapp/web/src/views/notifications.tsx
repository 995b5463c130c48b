import { Cell, Section, Switch } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { Notifications } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';

const KEYS: ReadonlyArray<keyof Notifications> = ['raidStarted', 'verdicts', 'rewards', 'groupNews'];

export function NotificationsView() {
  const { api } = useServices();
  const prefs = useResource(() => api.notifications(), [api]);
  const texts = t();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  async function toggle(current: Notifications, key: keyof Notifications, on: boolean) {
    const next = { ...current, [key]: on };
    // The switch moves at once; a refusal puts it back.
    prefs.set(next);
    setSaving(true);
    setError(undefined);
    try {
      // PUT takes the one choice that changed; the answer is the whole set as stored.
      prefs.set(await api.saveNotifications({ [key]: on }));
      haptic.success();
    } catch (e) {
      prefs.set(current);
      setError(errorText(e instanceof ApiError ? e : networkError(e), texts));
      haptic.error();
    } finally {
      setSaving(false);
    }
  }

  return (
    <View name="notifications">
      <Loaded resource={prefs} rows={4}>
        {(current) => (
          <Section header={texts.notifications.header} footer={error && <span className="field-error" role="alert" data-testid="notifications-error">{error}</span>}>
            {KEYS.map((key) => (
              <Cell
                key={key}
                Component="label"
                data-testid={`notify-${key}`}
                data-checked={current[key]}
                after={<Switch checked={current[key]} disabled={saving} onChange={(e) => toggle(current, key, e.currentTarget.checked)} />}
              >
                {texts.notifications[key]}
              </Cell>
            ))}
          </Section>
        )}
      </Loaded>
    </View>
  );
}
