// A group's KOLs for anyone in it (the route lets members read it, as anyone may send /kols): the ranking
// over 7, 30 or 90 UTC days with each KOL's figures, and a tap opens that KOL's chart. 7 days first, as
// /kols ranks the last 7 days (the route counts whole UTC days, so the two can differ by part of a day).
import { Placeholder, Section, SegmentedControl } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { useResource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { EmptyState, Loaded } from '../../components/states';
import { View } from '../../components/view';
import { haptic } from '../../telegram/haptics';
import { t } from '../../texts/t';
import { KolRow } from './kol-row';

export const PERIODS = [7, 30, 90] as const;
type Days = (typeof PERIODS)[number];

export function KolsView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const k = t().kols;
  const [days, setDays] = useState<Days>(7);
  const [open, setOpen] = useState<string | null>(null);
  const kols = useResource(() => api.kols(chatId, days), [api, chatId, days]);

  // The deployment has no X: the route answers 503 kols_off whatever the period.
  if (kols.error?.code === 'kols_off') {
    return (
      <View name="kols">
        <EmptyState text={k.off} testId="kols-off" />
      </View>
    );
  }
  // No KOLs at all: every period would be as empty, so the switch is left out with nothing to switch.
  const none = kols.data?.kols.length === 0;
  return (
    <View name="kols">
      {!none && (
        <div className="segmented">
          <SegmentedControl>
            {PERIODS.map((d) => (
              <SegmentedControl.Item
                key={d}
                selected={d === days}
                data-testid={`kols-period-${d}`}
                onClick={() => {
                  haptic.selection();
                  setDays(d);
                }}
              >
                {k.periods[d]}
              </SegmentedControl.Item>
            ))}
          </SegmentedControl>
        </div>
      )}
      <Loaded resource={kols} rows={5}>
        {(d) => {
          if (d.kols.length === 0) {
            return (
              <Section>
                <Placeholder data-testid="kols-empty" header={k.empty} description={k.emptyHelp} />
              </Section>
            );
          }
          // Every KOL has the same days; the first one's name the period.
          const series = d.kols[0]!.series;
          const period = series.length ? k.period(format.utcDate(`${series[0]!.day}T00:00:00Z`), format.utcDate(`${series.at(-1)!.day}T00:00:00Z`)) : '';
          return (
            // data-days: the period the list shows, which lags the switch until its read answers.
            <Section header={k.ranking} footer={period} data-testid="kols-list" data-days={d.days}>
              {d.kols.map((kol) => (
                <KolRow key={kol.xUserId} kol={kol} period={period} open={open === kol.xUserId} onToggle={() => setOpen(open === kol.xUserId ? null : kol.xUserId)} />
              ))}
            </Section>
          );
        }}
      </Loaded>
    </View>
  );
}
