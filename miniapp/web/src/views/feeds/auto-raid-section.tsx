import { Button, Cell, Navigation, Section } from '@telegram-apps/telegram-ui';
import { ApiError, networkError } from '../../api/errors';
import type { AutoRaid } from '../../api/feeds-types';
import { RAID_ACTIONS } from '../../api/types';
import type { Resource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { Loaded } from '../../components/states';
import { useRouter } from '../../router/router';
import { haptic } from '../../telegram/haptics';
import { confirmAction } from '../../telegram/popup';
import { t } from '../../texts/t';

/** The auto-raid: off, or the account and what each raid asks; switched on or changed in its own form
 * (the auto-raid view, with the MainButton), switched off here after a confirmation. */
export function AutoRaidSection({ chatId, autoRaid, toast }: { chatId: number; autoRaid: Resource<{ autoRaid: AutoRaid | null }>; toast: (text: string) => void }) {
  const { api, format } = useServices();
  const { push } = useRouter();
  const texts = t();
  const f = texts.feeds;

  async function switchOff() {
    if (!(await confirmAction(f.switchOffTitle, f.switchOffConfirm, f.switchOff, texts.common.cancel))) return;
    try {
      await api.autoRaidOff(chatId);
      autoRaid.set({ autoRaid: null });
      haptic.success();
    } catch (e) {
      toast(errorText(e instanceof ApiError ? e : networkError(e), texts));
      haptic.error();
    }
  }

  const details = (a: AutoRaid) => {
    const targets = RAID_ACTIONS.filter((x) => a.targets[x] > 0).map((x) => `${format.number(a.targets[x])} ${texts.actions[x].toLowerCase()}`).join(', ');
    const flags = [a.lock && f.autoRaidLocked, a.replies && f.autoRaidReplies, a.onNewer === 'replace' && f.autoRaidReplaces].filter(Boolean);
    return [f.autoRaidDetails(targets, format.minutes(a.durationMinutes)), ...flags].join(' · ');
  };

  return (
    <Section header={f.autoRaid} footer={f.autoRaidFooter}>
      <Loaded resource={autoRaid} rows={1}>
        {({ autoRaid: a }) =>
          a ? (
            <>
              <Cell data-testid="auto-raid-status" data-state="on" multiline subtitle={details(a)}>
                {f.autoRaidOn(a.username)}
              </Cell>
              <Cell data-testid="auto-raid-open" onClick={() => push({ view: 'auto-raid', chatId })} after={<Navigation />}>
                {f.change}
              </Cell>
              <div className="actions">
                <Button size="m" mode="bezeled" stretched data-testid="auto-raid-off" onClick={switchOff}>
                  {f.switchOff}
                </Button>
              </div>
            </>
          ) : (
            <>
              <Cell data-testid="auto-raid-status" data-state="off">
                {f.autoRaidOff}
              </Cell>
              <Cell data-testid="auto-raid-open" onClick={() => push({ view: 'auto-raid', chatId })} after={<Navigation />}>
                {f.switchOn}
              </Cell>
            </>
          )
        }
      </Loaded>
    </Section>
  );
}
