// A raid's progress toward each target it set, as bars; actions without a target are not shown.
import { Cell, Progress, Section } from '@telegram-apps/telegram-ui';
import { RAID_ACTIONS, type RaidCounts } from '../api/types';
import { useServices } from '../app-context';
import { t } from '../texts/t';

export function RaidProgress({ targets, progress, header }: { targets: RaidCounts; progress: RaidCounts; header?: string }) {
  const { format } = useServices();
  const texts = t();
  return (
    <Section header={header}>
      {RAID_ACTIONS.filter((a) => targets[a] > 0).map((action) => {
        const done = progress[action];
        const target = targets[action];
        return (
          <Cell
            key={action}
            data-testid={`raid-progress-${action}`}
            multiline
            before={<span className="icon">{texts.actionIcons[action]}</span>}
            after={`${format.number(done)}/${format.number(target)}${done >= target ? ' ✅' : ''}`}
            description={<Progress value={format.percent(done, target)} />}
          >
            {texts.actions[action]}
          </Cell>
        );
      })}
    </Section>
  );
}
