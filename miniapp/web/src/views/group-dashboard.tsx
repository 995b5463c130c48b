import { Badge, Cell, Navigation, Section } from '@telegram-apps/telegram-ui';
import { useServices } from '../app-context';
import { usePolling, useResource } from '../api/use-resource';
import { RaidProgress } from '../components/raid-progress';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { useRouter } from '../router/router';
import { t } from '../texts/t';
import { postLabel } from './launch/card-preview';

export const LIVE_POLL_MS = 5_000;

export function GroupDashboardView({ chatId }: { chatId: number }) {
  const { api, format } = useServices();
  const { push } = useRouter();
  const texts = t();
  const g = texts.group;
  const dashboard = useResource(() => api.group(chatId), [api, chatId]);
  usePolling(dashboard.reload, LIVE_POLL_MS, !!dashboard.data?.activeRaid);
  const kolsCell = (
    <Cell data-testid="open-kols" onClick={() => push({ view: 'kols', chatId })} after={<Navigation />}>
      {texts.kols.open}
    </Cell>
  );

  // The dashboard is for admins (403 not_admin), but the group's KOLs are for everyone in it: a member
  // gets what they may open instead of an error.
  if (dashboard.error?.code === 'not_admin') {
    return (
      <View name="group">
        <Section footer={g.memberNote} data-testid="member-dashboard">
          {kolsCell}
        </Section>
      </View>
    );
  }
  return (
    <View name="group">
      <Loaded resource={dashboard} rows={6}>
        {(d) => (
          <>
            <Section header={d.group.title}>
              {d.activeRaid ? (
                <Cell
                  data-testid="active-raid"
                  onClick={() => push({ view: 'raid', chatId, raidId: d.activeRaid!.id })}
                  subtitle={`${postLabel(d.activeRaid.postUrl)} · ${g.claims(d.activeRaid.claimCount, format.number(d.activeRaid.claimCount))} · ${g.endsIn(format.remaining(Date.parse(d.activeRaid.endsAt) - Date.now()))}`}
                  after={<Navigation />}
                >
                  {g.activeRaid}
                </Cell>
              ) : (
                <Cell data-testid="no-active-raid" subtitle={g.noActiveRaid}>
                  {g.activeRaid}
                </Cell>
              )}
            </Section>
            {d.activeRaid && <RaidProgress targets={d.activeRaid.targets} progress={d.activeRaid.progress} />}
            <Section header={g.manage}>
              <Cell data-testid="open-launch" onClick={() => push({ view: 'launch', chatId })} after={<Navigation />}>
                {g.launchRaid}
              </Cell>
              <Cell data-testid="open-settings" onClick={() => push({ view: 'settings', chatId })} after={<Navigation />}>
                {g.settings}
              </Cell>
              <Cell data-testid="open-leaderboards" onClick={() => push({ view: 'leaderboards', chatId })} after={<Navigation />}>
                {g.leaderboards}
              </Cell>
              {kolsCell}
              <Cell data-testid="open-history" onClick={() => push({ view: 'history', chatId })} after={<Navigation />}>
                {g.history}
              </Cell>
              <Cell data-testid="open-money" onClick={() => push({ view: 'money', chatId })} after={<Navigation />}>
                {g.money}
              </Cell>
              <Cell data-testid="open-feeds" onClick={() => push({ view: 'feeds', chatId })} after={<Navigation />}>
                {g.feeds}
              </Cell>
            </Section>
            <Section header={g.recentRaids}>
              {d.recentRaids.length === 0 && <EmptyState text={g.recentRaidsEmpty} testId="recent-raids-empty" />}
              {d.recentRaids.map((r) => (
                <Cell
                  key={r.id}
                  data-testid={`raid-${r.id}`}
                  onClick={() => push(r.status === 'active' ? { view: 'raid', chatId, raidId: r.id } : { view: 'results', chatId, raidId: r.id })}
                  subtitle={`${format.dateTime(r.startedAt)} · ${g.claims(r.claimCount, format.number(r.claimCount))}`}
                  titleBadge={
                    <Badge type="number" mode={r.status === 'active' ? 'critical' : r.status === 'validated' ? 'primary' : 'gray'} data-status={r.status}>
                      {texts.raidStatus[r.status]}
                    </Badge>
                  }
                  after={<Navigation />}
                >
                  {postLabel(r.postUrl)}
                </Cell>
              ))}
            </Section>
            <Section header={g.topMembers}>
              {d.topMembers.length === 0 && <EmptyState text={g.topMembersEmpty} testId="top-members-empty" />}
              {d.topMembers.map((m) => (
                <Cell key={m.userId} data-testid={`top-member-${m.userId}`} before={<span className="rank">{m.rank}</span>} after={g.points(format.number(m.points))}>
                  {m.name ?? texts.common.unnamed(m.userId)}
                </Cell>
              ))}
            </Section>
          </>
        )}
      </Loaded>
    </View>
  );
}
