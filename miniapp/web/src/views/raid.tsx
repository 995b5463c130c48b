import { Button, Cell, Navigation, Section } from '@telegram-apps/telegram-ui';
import { openLink } from '@telegram-apps/sdk-react';
import { useEffect, useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { Raid } from '../api/types';
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
import { postLabel } from './launch/card-preview';

/** A raid's time left, counted down between polls from the server's `timeLeftS` as of when it came. */
function useCountdown(raid: Raid | undefined): number {
  const [, setTick] = useState(0);
  const [base, setBase] = useState<{ at: number; leftS: number }>();
  useEffect(() => {
    if (raid) setBase({ at: Date.now(), leftS: raid.timeLeftS });
  }, [raid]);
  useEffect(() => {
    if (raid?.status !== 'active') return;
    const timer = setInterval(() => setTick((n) => n + 1), 1_000);
    return () => clearInterval(timer);
  }, [raid?.status]);
  if (!base) return raid ? raid.timeLeftS * 1000 : 0;
  return Math.max(0, base.leftS * 1000 - (Date.now() - base.at));
}

export function RaidView({ chatId, raidId }: { chatId: number; raidId: string }) {
  const { api, format } = useServices();
  const { push } = useRouter();
  const texts = t();
  const r = texts.raid;
  const raid = useResource(() => api.raid(raidId), [api, raidId]);
  usePolling(raid.reload, LIVE_POLL_MS, raid.data?.status === 'active');
  const leftMs = useCountdown(raid.data);
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<string>();

  const [cancelling, setCancelling] = useState(false);

  /** Ends or cancels the raid (both answer the raid as it now is; both are refused once it stopped). */
  async function stop(how: 'end' | 'cancel') {
    const asked = how === 'end' ? [r.endConfirmTitle, r.endConfirm, r.endRaid] : [r.cancelConfirmTitle, r.cancelConfirm, r.cancelRaid];
    if (!(await confirmAction(asked[0]!, asked[1]!, asked[2]!, texts.common.cancel))) return;
    const busy = how === 'end' ? setEnding : setCancelling;
    busy(true);
    setEndError(undefined);
    try {
      raid.set((await (how === 'end' ? api.endRaid(raidId) : api.cancelRaid(chatId, raidId))).raid);
      haptic.success();
    } catch (e) {
      const err = e instanceof ApiError ? e : networkError(e);
      // raid_not_active: it ended meanwhile (on time, on targets, another admin); the reload shows it.
      setEndError(errorText(err, texts));
      haptic.error();
      raid.reload();
    } finally {
      busy(false);
    }
  }

  return (
    <View name="raid">
      <Loaded resource={raid} rows={6}>
        {(d) => (
          <>
            <Section header={postLabel(d.postUrl)}>
              {d.postText && (
                <Cell multiline data-testid="raid-post-text" className="post-text">
                  {d.postText}
                </Cell>
              )}
              <Cell data-testid="raid-status" after={<span data-status={d.status}>{texts.raidStatus[d.status]}</span>} description={d.endReason ? r.endReasons[d.endReason] : undefined} multiline>
                {r.status}
              </Cell>
              {d.status === 'active' ? (
                <Cell data-testid="raid-time-left" after={format.remaining(leftMs)}>
                  {r.timeLeft}
                </Cell>
              ) : (
                d.endedAt && (
                  <Cell data-testid="raid-ended-at" after={format.dateTime(d.endedAt)}>
                    {d.status === 'cancelled' ? r.cancelledAt : r.endedAt}
                  </Cell>
                )
              )}
              <Cell data-testid="raid-claims" after={<span data-testid="raid-claim-count">{format.number(d.claimCount)}</span>}>
                {r.claims}
              </Cell>
              {d.pool && (
                <Cell data-testid="raid-pool" after={format.money(d.pool)}>
                  {r.pool}
                </Cell>
              )}
              {d.lock.requested && (
                <Cell data-testid="raid-lock" multiline after={d.lock.applied ? (d.status === 'active' ? r.lockApplied : r.lockLifted) : r.lockNotApplied} description={d.lock.applied || !d.lock.note ? undefined : r.lockNote(d.lock.note)}>
                  {r.lock}
                </Cell>
              )}
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
                <Button size="l" stretched mode="gray" className="destructive" loading={ending} disabled={cancelling} onClick={() => void stop('end')} data-testid="raid-end">
                  {r.endRaid}
                </Button>
                <Button size="l" stretched mode="plain" className="destructive" loading={cancelling} disabled={ending} onClick={() => void stop('cancel')} data-testid="raid-cancel">
                  {r.cancelRaid}
                </Button>
              </div>
            )}
            {endError && (
              <div className="field-error" role="alert" data-testid="raid-end-error">
                {endError}
              </div>
            )}
          </>
        )}
      </Loaded>
    </View>
  );
}
