import { Cell, Section, SegmentedControl } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import type { Board, Period } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { CsvButton } from '../components/csv-button';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';

type Tab = 'points-week' | 'points-all' | 'messages';
// The three boards admins ask for most; the API has messages for all time too, a tab away if wanted.
const TABS: Record<Tab, { board: Board; period: Period }> = {
  'points-week': { board: 'points', period: 'week' },
  'points-all': { board: 'points', period: 'all' },
  messages: { board: 'messages', period: 'week' },
};

export function LeaderboardsView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const all = t();
  const texts = all.leaderboards;
  const [tab, setTab] = useState<Tab>('points-week');
  const { board, period } = TABS[tab];
  const rows = useResource(() => api.leaderboard(chatId, board, period), [api, chatId, board, period]);
  const labels: Record<Tab, string> = { 'points-week': texts.pointsWeek, 'points-all': texts.pointsAll, messages: texts.messages };

  return (
    <View name="leaderboards">
      <div className="segmented">
        <SegmentedControl>
          {(Object.keys(TABS) as Tab[]).map((key) => (
            <SegmentedControl.Item
              key={key}
              selected={key === tab}
              data-testid={`board-${key}`}
              onClick={() => {
                haptic.selection();
                setTab(key);
              }}
            >
              {labels[key]}
            </SegmentedControl.Item>
          ))}
        </SegmentedControl>
      </div>
      <Loaded resource={rows} rows={8}>
        {(d) => (
          <Section footer={d.since ? texts.since(format.utcDate(d.since)) : undefined}>
            {d.rows.length === 0 && <EmptyState text={texts.empty} testId="board-empty" />}
            {d.rows.map((row) => (
              <Cell
                key={row.userId}
                data-testid={`board-row-${row.userId}`}
                before={<span className="rank">{row.rank}</span>}
                subtitle={row.username ? `@${row.username}` : undefined}
                after={d.board === 'points' ? texts.points(format.number(row.value)) : texts.messagesCount(format.number(row.value))}
              >
                {row.name ?? (row.username ? `@${row.username}` : all.common.unnamed(row.userId))}
              </Cell>
            ))}
          </Section>
        )}
      </Loaded>
      {/* The file /export sends is the points board's; messages have none. */}
      {board === 'points' && <CsvButton testId="download-board" fileName={`leaderboard-${chatId}-points-${period}.csv`} load={() => api.leaderboardCsv(chatId, period)} />}
    </View>
  );
}
