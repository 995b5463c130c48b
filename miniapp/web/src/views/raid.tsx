import { Button, Cell, Navigation, Section } from '@telegram-apps/telegram-ui';
import { openLink } from '@telegram-apps/sdk-react';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import { usePolling, useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { RaidProgress } from '../components/raid-progress';
import { Loaded } from '../components/states';
import { View } from '../components/view';
import { useRouter } from '../router/router';
import { haptic } from '../telegram/haptics';
import { confirmAction } from '../telegram/popup';
import { t } from '../texts/t';
import { LIVE_POLL_MS } from './group-dashboard';

export function RaidView({ chatId, raidId }: { chatId: number; raidId: string }) {
  const { api, format } = useServices();
  const { push } = useRouter();
  const texts = t();
  const r = texts.raid;
  const raid = useResource(() => api.raid(raidId), [api, raidId]);
  usePolling(raid.reload, LIVE_POLL_MS, raid.data?.status === 'active');
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<string>();

  async function end() {
    if (!(await confirmAction(r.endConfirmTitle, r.endConfirm, r.endRaid, texts.common.cancel))) return;
    setEnding(true);
    setEndError(undefined);
    try {
      raid.set(await api.endRaid(raidId));
      haptic.success();
    } catch (e) {
      setEndError(errorText(e instanceof ApiError ? e : networkError(e), texts));
      haptic.error();
    } finally {
      setEnding(false);
      raid.reload();
    }
  }

  return (
    <View name="raid">
      <Loaded resource={raid} rows={6}>
        {(d) => (
          <>
            <Section header={d.authorUsername ? `@${d.authorUsername}` : d.postUrl}>
              <Cell data-testid="raid-status" after={texts.raidStatus[d.status]}>
                {r.status}
              </Cell>
              {d.status === 'active' && (
                <Cell data-testid="raid-time-left" after={format.remaining(d.timeLeftMs ?? Date.parse(d.endsAt) - Date.now())}>
                  {r.timeLeft}
                </Cell>
              )}
              <Cell data-testid="raid-claims" after={format.number(d.claimCount)}>
                {r.claims}
              </Cell>
              <Cell data-testid="raid-open-post" onClick={() => (openLink.isAvailable() ? openLink(d.postUrl) : window.open(d.postUrl, '_blank', 'noopener'))} after={<Navigation />}>
                {r.openPost}
              </Cell>
            </Section>
            <RaidProgress header={r.progress} targets={d.targets} progress={d.progress} />
            <Section>
              <Cell data-testid="open-results" onClick={() => push({ view: 'results', chatId, raidId })} after={<Navigation />}>
                {r.results}
              </Cell>
            </Section>
            {d.status === 'active' && (
              <div className="actions">
                <Button size="l" stretched mode="gray" className="destructive" loading={ending} onClick={end} data-testid="end-raid">
                  {r.endRaid}
                </Button>
                {endError && (
                  <div className="field-error" role="alert" data-testid="end-raid-error">
                    {endError}
                  </div>
                )}
              </div>
            )}
          </>
        )}
      </Loaded>
    </View>
  );
}
